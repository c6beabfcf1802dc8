package io.datasurface.model.problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects problems while a model is loaded, linted or compared. Not thread-safe. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void error(Location at, String rule, String message) {
        add(Severity.ERROR, at, rule, message);
    }

    public void warning(Location at, String rule, String message) {
        add(Severity.WARNING, at, rule, message);
    }

    public void add(Severity severity, Location at, String rule, String message) {
        list.add(new Problem(severity, at.file(), at.line(), rule, message));
    }

    public void addAll(List<Problem> problems) {
        list.addAll(problems);
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    /** The problems in report order. */
    public List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(list);
        copy.sort(Problem.ORDER);
        return Collections.unmodifiableList(copy);
    }

    public int size() {
        return list.size();
    }
}

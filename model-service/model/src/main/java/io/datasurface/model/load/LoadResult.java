package io.datasurface.model.load;

import io.datasurface.model.Model;
import io.datasurface.model.problem.Problem;
import java.util.List;

/**
 * What the loader made of a model folder: the model (as much of it as could be read) and the problems
 * found while reading it. Lint problems are not included; see {@code io.datasurface.model.lint.Linter}.
 */
public record LoadResult(Model model, List<Problem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}

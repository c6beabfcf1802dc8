package io.datasurface.model.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found in a model: where it is (file relative to the model root, 1-based line; line 0
 * when it concerns a whole file), how bad, which rule found it and what to do about it.
 *
 * @param severity ERROR or WARNING
 * @param file     path relative to the model root, with forward slashes
 * @param line     1-based line, 0 when unknown
 * @param rule     stable short code of the rule, e.g. {@code unknown-key}
 * @param message  one sentence saying what is wrong and how to fix it
 */
public record Problem(Severity severity, String file, int line, String rule, String message) {

    /** Order of reports: by file, then line, then rule and message. */
    public static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparing(Problem::rule)
            .thenComparing(Problem::message);

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code ERROR zones/retail/zone.yaml:12: message} */
    @Override
    public String toString() {
        return severity + " " + file + ":" + line + ": " + message;
    }
}

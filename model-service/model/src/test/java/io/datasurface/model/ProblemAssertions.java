package io.datasurface.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import org.assertj.core.api.ThrowingConsumer;

/** Assertions on problems: severity, file, line and rule exactly; the message names what it is about. */
public final class ProblemAssertions {
    private ProblemAssertions() {
    }

    public static ThrowingConsumer<Problem> error(String file, int line, String rule, String... mentions) {
        return problem(Severity.ERROR, file, line, rule, mentions);
    }

    public static ThrowingConsumer<Problem> warning(String file, int line, String rule, String... mentions) {
        return problem(Severity.WARNING, file, line, rule, mentions);
    }

    /**
     * Rule, severity, file and message, but not the line: for problems reported on a line a disabled
     * BUG test says is wrong, so that fixing the line does not break this test.
     */
    public static ThrowingConsumer<Problem> errorInFile(String file, String rule, String... mentions) {
        return inFile(Severity.ERROR, file, rule, mentions);
    }

    public static ThrowingConsumer<Problem> warningInFile(String file, String rule, String... mentions) {
        return inFile(Severity.WARNING, file, rule, mentions);
    }

    private static ThrowingConsumer<Problem> inFile(Severity severity, String file, String rule, String... mentions) {
        return p -> {
            assertThat(p.rule()).as("rule of %s", p).isEqualTo(rule);
            assertThat(p.severity()).as("severity of %s", p).isEqualTo(severity);
            assertThat(p.file()).as("file of %s", p).isEqualTo(file);
            if (mentions.length > 0) {
                assertThat(p.message()).as("message of %s", p).contains(mentions);
            }
        };
    }

    public static ThrowingConsumer<Problem> problem(Severity severity, String file, int line, String rule,
                                                    String... mentions) {
        return p -> {
            assertThat(p.rule()).as("rule of %s", p).isEqualTo(rule);
            assertThat(p.severity()).as("severity of %s", p).isEqualTo(severity);
            assertThat(p.file()).as("file of %s", p).isEqualTo(file);
            assertThat(p.line()).as("line of %s", p).isEqualTo(line);
            if (mentions.length > 0) {
                assertThat(p.message()).as("message of %s", p).contains(mentions);
            }
        };
    }
}

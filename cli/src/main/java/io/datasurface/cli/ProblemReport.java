package io.datasurface.cli;

import io.datasurface.model.json.Json;
import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints problems in one of the {@link OutputFormat}s, then a summary; says whether there were errors. */
final class ProblemReport {
    private final List<Problem> problems;
    private final long errors;
    private final long warnings;

    ProblemReport(List<Problem> problems) {
        this.problems = problems;
        this.errors = problems.stream().filter(Problem::isError).count();
        this.warnings = problems.size() - errors;
    }

    boolean hasErrors() {
        return errors > 0;
    }

    /**
     * @param modelDir the folder the problems' files are relative to, as the user wrote it; github
     *                 annotations name files relative to the working directory
     * @param subject  what was checked, for the summary line
     */
    void print(PrintWriter out, OutputFormat format, Path modelDir, String subject) {
        switch (format) {
            case text -> {
                problems.forEach(p -> out.println(p.toString()));
                out.println(summary(subject));
            }
            case github -> {
                for (Problem p : problems) {
                    String file = modelDir.resolve(p.file()).normalize().toString().replace('\\', '/');
                    out.println("::" + (p.severity() == Severity.ERROR ? "error" : "warning")
                            + " file=" + property(file) + ",line=" + Math.max(1, p.line())
                            + ",title=" + property("datasurface " + p.rule()) + "::" + data(p.message()));
                }
                out.println(summary(subject));
            }
            case json -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", !hasErrors());
                doc.put("errors", errors);
                doc.put("warnings", warnings);
                doc.put("problems", problems);
                out.println(Json.writePretty(doc));
            }
        }
        out.flush();
    }

    private String summary(String subject) {
        if (errors == 0) {
            return subject + ": OK, no errors" + (warnings == 0 ? "" : ", " + plural(warnings, "warning"));
        }
        return subject + ": " + plural(errors, "error") + (warnings == 0 ? "" : ", " + plural(warnings, "warning"));
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** GitHub workflow-command escaping of a message. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** GitHub workflow-command escaping of a property value. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}

package io.datasurface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests that run {@code datasurface up} show of the services' logs when they fail. */
final class ServiceLogs {
    private ServiceLogs() {
    }

    /** The last WARN and ERROR lines of each service's log. */
    static String lastProblems(Path logs) {
        StringBuilder out = new StringBuilder();
        for (String service : List.of("ingest-service", "merge-service", "view-service", "model-service")) {
            Path log = logs.resolve(service + ".log");
            out.append(service).append(".log, last WARN/ERROR lines:");
            try {
                List<String> problems = Files.exists(log) ? Files.readAllLines(log).stream()
                        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("parked"))
                        .filter(l -> !l.contains("its stream has not loaded a batch yet")) // views before the first batch
                        .toList() : List.of();
                if (problems.isEmpty()) {
                    out.append(" none");
                }
                problems.subList(Math.max(0, problems.size() - 12), problems.size())
                        .forEach(l -> out.append("\n    ").append(l.length() > 400 ? l.substring(0, 400) + " …" : l));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                out.append(' ').append(e.getMessage());
            }
            out.append('\n');
        }
        return out.toString();
    }
}

package io.datasurface.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The figures a benchmark hands to {@code all}: besides its own table, each prints them as lines
 * {@code = NAME VALUE}, which {@link AllBenchmarks} reads from the benchmark's output.
 */
final class Figures {
    static final String PREFIX = "= ";

    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Prints a figure for {@code all}. */
    static void print(String name, double value) {
        System.out.println(PREFIX + name + " " + value);
    }

    /** Takes a figure from a line of a benchmark's output, if the line is one. */
    void read(String line) {
        if (!line.startsWith(PREFIX)) {
            return;
        }
        String[] parts = line.substring(PREFIX.length()).trim().split(" ");
        if (parts.length == 2) {
            try {
                values.put(parts[0], Double.parseDouble(parts[1]));
            } catch (NumberFormatException ignored) {
                // not a figure after all
            }
        }
    }

    Optional<Double> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}

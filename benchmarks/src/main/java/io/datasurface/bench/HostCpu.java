package io.datasurface.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time outside this JVM, from Linux's {@code /proc} (in clock ticks of 1/100 s, Linux's USER_HZ): the whole
 * machine's busy time, and a PostgreSQL server's — its postmaster's, its live backends' and what the backends that
 * ended left in the postmaster's children's time. Elsewhere than on Linux every figure is NaN.
 */
final class HostCpu {
    private static final double TICK = 0.01;

    /** The postmaster's process id, null when unknown. */
    private final String postmaster;

    /** The machine, and the PostgreSQL server that {@code backendPid} (its {@code pg_backend_pid()}) is a backend of. */
    HostCpu(int backendPid) {
        String parent;
        try {
            parent = stat(Path.of("/proc", Integer.toString(backendPid), "stat"))[3];
        } catch (IOException | RuntimeException e) {
            parent = null;
        }
        this.postmaster = parent;
    }

    /**
     * CPU seconds so far: of the machine (busy, all cores), of the PostgreSQL server, and of each of its processes
     * alive now (by process id, named by what it shows in {@code ps}: "bench bench_merge ... idle", "checkpointer").
     */
    record Sample(double machineSeconds, double postgresSeconds, Map<String, Double> processes,
                  Map<String, String> names) {
        /**
         * The time since {@code earlier}; {@code processes} then holds, by database (or background process), the CPU
         * of the server's processes alive at both samples: long-lived connections such as the merge-service's.
         */
        Sample minus(Sample earlier) {
            Map<String, Double> lived = new TreeMap<>();
            processes.forEach((pid, cpu) -> {
                Double before = earlier.processes.get(pid);
                if (before != null) {
                    lived.merge(what(names.get(pid)), cpu - before, Double::sum);
                }
            });
            return new Sample(machineSeconds - earlier.machineSeconds, postgresSeconds - earlier.postgresSeconds,
                    lived, Map.of());
        }

        /** The CPU of the server's processes that did not live through the window: connections opened meanwhile. */
        double shortLived() {
            return postgresSeconds - processes.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** A backend's database ("postgres: USER DATABASE HOST(PORT) STATE"), or a background process's name. */
        private static String what(String title) {
            String[] words = title == null ? new String[0] : title.replaceFirst("^postgres: ", "").split(" ");
            return words.length >= 3 && words[2].contains("(") ? "connections to " + words[1].replaceAll("[0-9]+", "#")
                    : String.join(" ", words);
        }
    }

    Sample sample() {
        try {
            Map<String, Double> processes = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            double postgres = postgres(processes, names);
            return new Sample(machine(), postgres, processes, names);
        } catch (IOException | RuntimeException e) {
            return new Sample(Double.NaN, Double.NaN, Map.of(), Map.of());
        }
    }

    /** Busy time of all cores: everything in the first line of /proc/stat but idle and iowait. */
    private static double machine() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * TICK;
    }

    private double postgres(Map<String, Double> processes, Map<String, String> names) throws IOException {
        String pid = postmaster;
        String[] main = stat(Path.of("/proc", pid, "stat"));
        long ticks = 0;
        for (int i = 13; i <= 16; i++) { // utime stime cutime cstime: the ended backends are in the last two
            ticks += Long.parseLong(main[i]);
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] f;
                try {
                    f = stat(p.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                if (f[3].equals(pid)) {
                    long own = Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    ticks += own;
                    processes.put(f[0], own * TICK);
                    try {
                        names.put(f[0], Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim());
                    } catch (IOException e) {
                        // ended meanwhile
                    }
                }
            }
        }
        return ticks * TICK;
    }

    /** The fields of a /proc/PID/stat line, numbered from 0 (pid), the command in parentheses as one field. */
    private static String[] stat(Path file) throws IOException {
        String line = Files.readString(file);
        int close = line.lastIndexOf(')');
        List<String> rest = List.of(line.substring(close + 2).trim().split(" "));
        String[] out = new String[rest.size() + 2];
        out[0] = line.substring(0, line.indexOf(' '));
        out[1] = line.substring(line.indexOf('(') + 1, close);
        for (int i = 0; i < rest.size(); i++) {
            out[i + 2] = rest.get(i);
        }
        return out;
    }
}

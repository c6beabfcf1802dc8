package io.datasurface.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Runs the throughput benchmarks one after the other, each in a Java process of its own (so none inherits another's
 * heap or JIT), shows their output as it comes, and ends with one table of the figures the throughput issue sets
 * targets for, each next to its target.
 */
final class AllBenchmarks {
    /** The CDC rates tried, lowest first; the run stops at the first rate whose p99 is over a second. */
    private static final int[] CDC_RATES = {1_000, 2_000, 4_000, 8_000, 16_000};
    private static final double CDC_P99_MS = 1_000;

    private final Figures figures = new Figures();
    private final List<String> failed = new ArrayList<>();
    private int cdcKnee;
    private double cdcKneeP99;
    private double cdcWriterMax;

    private AllBenchmarks() {
    }

    static void run(String[] args) throws Exception {
        String rows = "1000000";
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = args[i + 1].replace("_", "");
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; use --rows N");
            }
        }
        AllBenchmarks all = new AllBenchmarks();
        long start = System.nanoTime();
        all.child("pipeline", "--rows", rows);
        all.child("run-job-fresh", "--rows", rows, "--pg", "15");
        all.child("merge", "--rows", rows, "--pg", "15");
        all.cdc();
        all.child("idle-streams", "--streams", "10000", "--seconds", "60");
        all.child("small-streams", "--streams", "1000", "--rows-per-stream", "1000");
        all.child("peer", "--rows", rows);
        all.table(MergeBenchmark.secs(start));
    }

    /** The CDC rates in turn, until one's p99 from source commit to visible is over a second. */
    private void cdc() throws IOException, InterruptedException {
        for (int rate : CDC_RATES) {
            Figures f = child("cdc-latency", "--rate", Integer.toString(rate), "--seconds", "20");
            Optional<Double> live = f.get("cdc.p99.live_only");
            Optional<Double> forensic = f.get("cdc.p99.forensic");
            if (live.isEmpty() || forensic.isEmpty()) {
                return;
            }
            double reached = Math.min(f.get("cdc.rate.live_only").orElse(0.0), f.get("cdc.rate.forensic").orElse(0.0));
            cdcWriterMax = Math.max(cdcWriterMax, reached);
            double p99 = Math.max(live.get(), forensic.get());
            if (p99 > CDC_P99_MS || reached < rate * 0.9) {
                return; // past the knee, or the writer cannot make the rate
            }
            cdcKnee = rate;
            cdcKneeP99 = p99;
        }
    }

    /** Runs one benchmark in a new JVM, echoing its output; returns its figures (also kept for the table). */
    private Figures child(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dbench.compression=" + BenchKafka.COMPRESSION, "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName()));
        command.addAll(List.of(args));
        System.out.printf("%n===== %s%n", String.join(" ", args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Figures mine = new Figures();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(Figures.PREFIX)) {
                    figures.read(line);
                    mine.read(line);
                } else if (!line.contains(" INFO ") && !line.startsWith("INFO:") && !line.matches("^[A-Z][a-z]{2} \\d\\d, .*")) {
                    System.out.println("  " + line);
                }
            }
        }
        if (p.waitFor() != 0) {
            failed.add(String.join(" ", args));
        }
        return mine;
    }

    private void table(double seconds) {
        System.out.printf("%n===== the throughput targets (docs/performance.md), %d cores, Java %s, %.0f min%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds / 60);
        System.out.printf("%-100s %-14s %-16s %s%n", "figure", "target", "measured", "met");
        row("first load through Kafka, source to committed merge, live-only (× raw pipe)", "≥ 0.40×",
                figures.get("kafka.live"), "%.2f×", v -> v >= 0.4);
        row("first load through Kafka, source to committed merge, forensic (× raw pipe)", "≥ 0.40×",
                figures.get("kafka.forensic"), "%.2f×", v -> v >= 0.4);
        row("first load through Kafka, both platforms at once via MergeLoop (× raw pipe)", "≥ 0.40×",
                figures.get("kafka.both"), "%.2f×", v -> v >= 0.4);
        row("first load by run-job as a fresh process, forensic, PostgreSQL 15 (× raw pipe)", "≥ 0.50×",
                figures.get("runjob.fresh.forensic"), "%.2f×", v -> v >= 0.5);
        row("next batch, 1% changed + 0.1% deleted, forensic, run-job carrying only what changed, vs copy + "
                + "four-statement merge", "≤ 0.50×", figures.get("changes.forensic.vs.reference"), "%.2f×", v -> v <= 0.5);
        row("  the same as a FULL batch (run-job --full)", "", figures.get("full.changed.forensic.vs.reference"),
                "%.2f×", v -> v <= 0.5);
        row("bytes through Kafka for such a batch carrying only what changed (% of a first load)", "≤ 5%",
                figures.get("kafka.changes.bytes").map(v -> 100 * v), "%.1f%%", v -> v <= 5);
        row("  the same as a FULL batch (the ingest-service without merge-store)", "",
                figures.get("kafka.full.changed.bytes").map(v -> 100 * v), "%.0f%%", v -> v <= 5);
        String cdc = cdcKnee == 0 ? "under " + String.format("%,d", CDC_RATES[0])
                : String.format("%,d (p99 %.0f ms)", cdcKnee, cdcKneeP99);
        System.out.printf("%-100s %-14s %-16s %s%n", "CDC changes/s with p99 source commit → visible ≤ 1 s (the knee)",
                "≥ 20,000/s", cdc, cdcKnee >= 20_000 ? "yes" : "no");
        if (cdcWriterMax > 0) {
            System.out.printf("%-100s %-14s %-16s%n", "  (the most the benchmark's single-row writer reached)", "",
                    String.format("%,.0f/s", cdcWriterMax));
        }
        row("10,000 idle snapshot streams on one ingest-service (% of one core)", "< 1%",
                figures.get("idle.core.percent"), "%.2f%%", v -> v < 1);
        row("1,000 small active streams on one ingest- and merge-service, all committed (× their rows as one stream)",
                "≤ 2×", figures.get("small.ratio"), "%.2f×", v -> v <= 2);
        row("  fairness: the longest wait from trigger to commit (× the median)", "≤ 3×",
                figures.get("small.fairness"), "%.2f×", v -> v <= 3);
        System.out.printf("%nthe peer: Debezium's PostgreSQL source and JDBC sink (upsert) connectors in Kafka Connect standalone, "
                + "same broker and PostgreSQL%n");
        info("peer: first load, source connector start to all rows in the sink (× raw pipe)",
                figures.get("peer.load").map(v -> String.format("%.3f×", v)));
        info("  our first load through Kafka, live-only (above), as a multiple of the peer's speed",
                figures.get("kafka.live").flatMap(ours -> figures.get("peer.load").map(peer -> ours / peer))
                        .map(v -> String.format("%.0f×", v)));
        info("peer: CDC changes/s with p99 source commit → visible in the sink ≤ 1 s (the knee)",
                figures.get("peer.cdc.knee").map(k -> (k == 0 ? "under " + String.format("%,d", CDC_RATES[0])
                        : String.format("%,.0f (p99 %.0f ms)", k, figures.get("peer.cdc.knee.p99").orElse(0.0)))
                        + figures.get("peer.cdc.writer.limited").filter(w -> w > 0)
                        .map(w -> String.format(", or more: the writer's limit, %,.0f/s", w)).orElse("")));
        if (!failed.isEmpty()) {
            System.out.printf("%nfailed: %s%n", String.join("; ", failed));
        }
    }

    /** A figure without a target. */
    private static void info(String what, Optional<String> value) {
        System.out.printf("%-100s %-14s %-16s%n", what, "", value.orElse("not measured"));
    }

    private static void row(String what, String target, Optional<Double> value, String format, DoublePredicate met) {
        System.out.printf("%-100s %-14s %-16s %s%n", what, target, value.map(v -> String.format(format, v))
                .orElse("not measured"), value.map(v -> met.test(v) ? "yes" : "no").orElse("-"));
    }
}

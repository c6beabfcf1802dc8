package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.merge.job.StepOutcome;
import io.datasurface.merge.job.StepResult;
import io.datasurface.merge.job.StreamStep;
import io.datasurface.model.Milestoning;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * run-job's first load as a user runs it: a fresh Java process that loads the source's rows into empty merge tables
 * (the JDBC snapshot reader and {@code StreamStep}, what {@code datasurface run-job} runs), timed from its start to
 * its exit — JVM start, class loading and a cold JIT included — against the raw COPY pipe of the same rows.
 */
final class FreshRunJobBenchmark {
    private FreshRunJobBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rows = 1_000_000;
        PostgresVersion version = PostgresVersion.V15;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value.replace("_", ""));
                case "--pg" -> version = PostgresVersion.ofMajor(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --rows N --pg 15|16|17");
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(version).start()) {
            pg.createDatabase("bench_source");
            pg.createDatabase("bench_merge");
            System.out.printf("run-job as a fresh process: %,d rows of 6 columns, PostgreSQL %d, %d cores, Java %s%n",
                    rows, pg.version().major(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            MergeBenchmark.fillSource(pg, rows);
            Queries.execute(pg, "bench_merge", "CREATE TABLE raw_items ("
                    + MergeBenchmark.SCHEMA_COLUMNS.replace(" PRIMARY KEY", "") + ")");
            CopyPipe.copy(pg.connect("bench_source"), "COPY items TO STDOUT", pg.connect("bench_merge"),
                    "COPY raw_items FROM STDIN"); // warms the server's caches as a load would find them
            Queries.execute(pg, "bench_merge", "TRUNCATE raw_items");
            double raw = CopyPipe.copy(pg.connect("bench_source"), "COPY items TO STDOUT", pg.connect("bench_merge"),
                    "COPY raw_items FROM STDIN");
            System.out.printf("%n%-52s %12s %9s %12s%n", "step", "rows/s", "seconds", "× raw pipe");
            line("raw COPY pipe (the limit)", rows, raw, raw);
            double live = child(pg, "fresh_live", Milestoning.LIVE_ONLY);
            line("run-job first load, fresh process, live-only", rows, live, raw);
            double forensic = child(pg, "fresh_forensic", Milestoning.FORENSIC);
            line("run-job first load, fresh process, forensic", rows, forensic, raw);
            Figures.print("runjob.fresh.live", raw / live);
            Figures.print("runjob.fresh.forensic", raw / forensic);
        }
    }

    private static void line(String what, int rows, double seconds, double raw) {
        System.out.printf("%-52s %,12.0f %9.2f %12.2f%n", what, rows / seconds, seconds, raw / seconds);
    }

    /** Runs the load in a new JVM of this benchmark's class path; returns the seconds from start to exit. */
    private static double child(EmbeddedPostgresServer pg, String schema, Milestoning milestoning)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Benchmarks.class.getName(), "run-job-child",
                pg.jdbcUrl("bench_source"), pg.jdbcUrl("bench_merge"), pg.user(), schema, milestoning.name()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().write((pg.password() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        int exit = p.waitFor();
        double seconds = MergeBenchmark.secs(start);
        if (exit != 0) {
            throw new IllegalStateException("the run-job process for " + schema + " exited with " + exit);
        }
        return seconds;
    }

    /** The child: one first load; the password comes on standard input (never on a command line). */
    static void child(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("run-job-child SOURCE_URL MERGE_URL USER SCHEMA MILESTONING");
        }
        String password = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        Properties login = new Properties();
        login.put("user", args[2]);
        login.put("password", password);
        try (Connection merge = connect(args[1], login);
             SnapshotReader reader = new SnapshotReader(MergeBenchmark.benchNode(), connect(args[0], login), 50_000)) {
            StepResult r = new StreamStep(merge, args[3], Milestoning.valueOf(args[4]), MergeBenchmark.benchNode(),
                    n -> { }).run(reader, Integer.MAX_VALUE);
            if (r.outcome() != StepOutcome.DONE) {
                throw new IllegalStateException(r.summary());
            }
        }
    }

    private static Connection connect(String url, Properties login) throws SQLException {
        return DriverManager.getConnection(url, login);
    }
}

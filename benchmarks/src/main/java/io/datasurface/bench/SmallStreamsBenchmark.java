package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.ingest.service.IngestLoop;
import io.datasurface.ingest.service.IngestSettings;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.naming.MergeColumns;
import io.datasurface.model.naming.SqlNames;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The issue target "1,000 small active streams on one ingest-service + one merge-service: all committed within 2×
 * the time of their rows as one stream, fair (no stream waits &gt; 3× the median)". N live-only sql-snapshot streams,
 * each of one dataset of R rows in the embedded PostgreSQL (spread over a few source databases), are read by one real
 * {@link IngestLoop} (the ingest-service's loop, its default settings) into the in-JVM broker and merged by one real
 * {@link MergeLoop} (the merge-service's, 4 merge threads) into the merge store. Every stream is triggered at the same
 * moment (as {@code POST /streams/{platform}/{stream}/trigger} does), and the time from then until each stream's
 * first batch is committed is read from the merge store's {@code batches} table. The reference is the same N × R
 * rows as one stream through the same two loops, timed the same way. A warm-up on a third platform (a few small
 * streams and the big one at once) comes first and is not counted.
 */
final class SmallStreamsBenchmark {
    private static final String SMALL = "bench_small";
    private static final String ONE = "bench_one";
    private static final String WARM = "bench_warm";
    private static final int WARM_STREAMS = 50;
    private static final String CREDENTIAL = "src";
    /** The merge store's database: the one {@link MergeLoopRun#mergeStore} opens. */
    private static final String MERGE_DB = "bench_merge";
    private static final Duration POLL = Duration.ofMillis(100);

    private SmallStreamsBenchmark() {
    }

    /** A phase's streams did not all commit: the message says how far it got and what failed. */
    private static final class NotCommitted extends Exception {
        NotCommitted(String message) {
            super(message);
        }
    }

    static void run(String[] args) throws Exception {
        int streams = 1_000;
        int rows = 1_000;
        int databases = 10;
        int deadline = 300;
        int statements = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1].replace("_", "").replace(",", "") : null;
            switch (args[i]) {
                case "--streams" -> streams = Integer.parseInt(value);
                case "--rows-per-stream" -> rows = Integer.parseInt(value);
                case "--source-databases" -> databases = Integer.parseInt(value);
                case "--deadline" -> deadline = Integer.parseInt(value);
                case "--pg-statements" -> statements = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --streams N,"
                        + " --rows-per-stream N, --source-databases N, --deadline SECONDS and --pg-statements N");
            }
            i++;
        }
        if (streams < 1 || rows < 1 || databases < 1 || deadline < 1 || (long) streams * rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--streams, --rows-per-stream, --source-databases and --deadline must be"
                    + " at least 1, and streams × rows at most " + Integer.MAX_VALUE);
        }
        try {
            measure(streams, rows, Math.min(databases, streams), Duration.ofSeconds(deadline), statements);
        } catch (NotCommitted e) {
            System.err.println("small-streams: " + e.getMessage());
            System.exit(1);
        }
    }

    /** @param statements how many of PostgreSQL's costliest statements to show for the small streams (0: none) */
    private static void measure(int n, int rows, int databases, Duration deadline, int statements) throws Exception {
        EmbeddedPostgresServer.Builder server = EmbeddedPostgresServer.builder().version(PostgresVersion.V17);
        if (statements > 0) {
            server.serverConfig("shared_preload_libraries", "pg_stat_statements")
                    .serverConfig("pg_stat_statements.track", "all")
                    .serverConfig("pg_stat_statements.max", "50000"); // each stream's tables make statements of their own
        }
        try (EmbeddedPostgresServer pg = server.start();
             EmbeddedKafka kafka = EmbeddedKafka.builder()
                     .brokerProperty("message.max.bytes", Integer.toString(KafkaSettings.MAX_RECORD_BYTES)).start()) {
            System.out.printf("small-streams benchmark: %,d live-only sql-snapshot streams of %,d rows (6 columns) in %d"
                    + " source databases, against one stream of %,d rows; one IngestLoop and one MergeLoop,"
                    + " PostgreSQL 17 and Kafka 4.2 in-JVM, %d cores, Java %s%n", n, rows, databases, (long) n * rows,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
            TopicAdmin.ensure(settings, KafkaTopics.NAMES, "bench-small");
            fillSources(pg, n, rows, databases);
            if (statements > 0) {
                Queries.execute(pg, MERGE_DB, "CREATE EXTENSION pg_stat_statements");
            }
            List<IngestionNode> small = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                small.add(node(pg, SMALL, "s" + i, "items_" + i, "bench_src" + (i % databases)));
            }
            IngestionNode one = node(pg, ONE, "one", "items_all", "bench_src0");
            List<IngestionNode> warm = new ArrayList<>();
            small.stream().limit(WARM_STREAMS).forEach(s -> warm.add(PipelineBenchmark.onPlatform(s, WARM)));
            warm.add(PipelineBenchmark.onPlatform(one, WARM));
            BenchGraphs.publish(settings, List.of(graph(SMALL, small), graph(ONE, List.of(one)), graph(WARM, warm)));

            // the ingest-service's defaults: max-running 4, max-per-source 2, max-chunks 10, chunk-rows 50,000
            IngestSettings ingestSettings = new IngestSettings("bench", 4, 2, 10, 50_000, Set.of(SMALL, ONE, WARM),
                    "datasurface-ingest-bench", IngestSettings.SESSION_TIMEOUT, IngestSettings.PRODUCERS_PER_PARTITION);
            CredentialStore credentials = CredentialStore.fromEnvironment(Map.of(
                    CredentialStore.envName(CREDENTIAL) + "_USER", pg.user(),
                    CredentialStore.envName(CREDENTIAL) + "_PASSWORD", pg.password()));
            IngestLoop ingest = new IngestLoop(settings, ingestSettings, credentials, Clock.systemUTC());
            MergeLoop merge = new MergeLoop(settings, MergeLoopRun.mergeSettings(), MergeLoopRun.mergeStore(pg),
                    Clock.systemUTC());
            merge.start();
            ingest.start();
            try {
                MergeLoopRun.awaitReady(merge, kafka.admin());
                awaitIngestReady(ingest, small.size() + 1 + warm.size(), deadline);
                progress("warming up: " + (warm.size() - 1) + " small streams and the big one at once (not counted)");
                Phase warmed = phase(pg, ingest, merge, WARM, warm, deadline);
                progress(String.format("warmed up in %.1f s; the reference: one stream of %,d rows", warmed.seconds(),
                        (long) n * rows));
                Phase reference = phase(pg, ingest, merge, ONE, List.of(one), deadline);
                checkRows(pg, ONE, List.of(one), (long) n * rows);
                progress(String.format("one stream: %.2f s; now the %,d small streams at once", reference.seconds(), n));
                if (statements > 0) {
                    Queries.execute(pg, MERGE_DB, "SELECT pg_stat_statements_reset()");
                }
                Phase many = phase(pg, ingest, merge, SMALL, small, deadline);
                if (statements > 0) {
                    printStatements(pg, statements, n);
                }
                checkRows(pg, SMALL, small, rows);
                print(n, rows, reference, many);
            } finally {
                ingest.stop();
                merge.stop();
            }
        }
    }

    /** The stream of {@code store}: one dataset, read from table {@code dataset} of database {@code database}. */
    private static IngestionNode node(EmbeddedPostgresServer pg, String platform, String store, String dataset,
                                      String database) {
        DatasetSpec spec = new DatasetSpec(dataset, SqlNames.mergeTable(store, dataset),
                SqlNames.stagingTable(store, dataset), null, MergeBenchmark.COLUMNS,
                Fingerprints.of(MergeBenchmark.COLUMNS));
        return new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null,
                CaptureType.SQL_SNAPSHOT, "external", new ContainerSpec("postgres", pg.host(), pg.port(), database,
                null), CREDENTIAL, List.of(spec));
    }

    private static PipelineGraph graph(String platform, List<IngestionNode> nodes) {
        return new PipelineGraph(platform, "bench", Milestoning.LIVE_ONLY, SqlNames.schema(platform), null, null,
                nodes, List.of());
    }

    /** Table {@code items_I} of R rows for each small stream I, in source database I mod D; {@code items_all}: N × R. */
    private static void fillSources(EmbeddedPostgresServer pg, int n, int rows, int databases) throws SQLException {
        long t = System.nanoTime();
        pg.createDatabase(MERGE_DB);
        for (int d = 0; d < databases; d++) {
            pg.createDatabase("bench_src" + d);
            StringBuilder sql = new StringBuilder();
            for (int i = d; i < n; i += databases) {
                sql.append(MergeBenchmark.fillTable("items_" + i, rows));
            }
            Queries.execute(pg, "bench_src" + d, sql.toString());
        }
        Queries.execute(pg, "bench_src0", MergeBenchmark.fillTable("items_all", n * rows));
        progress(String.format("source tables filled in %.1f s", MergeBenchmark.secs(t)));
    }

    /** Until the IngestLoop has read the graphs, taken every partition over and runs each of the streams. */
    private static void awaitIngestReady(IngestLoop loop, int streams, Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        while (!(loop.ready() && loop.scheduler().streams().stream().filter(StreamScheduler.StreamView::assigned)
                .count() == streams)) {
            checkIngest(loop, List.of());
            if (System.nanoTime() > until) {
                throw new NotCommitted("the IngestLoop did not run the " + streams + " streams within " + deadline
                        + ": ready " + loop.ready() + ", " + loop.scheduler().streams().size() + " streams known");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * A phase: each stream's start to commit, in seconds, and (from the IngestLoop) to the end of its last step;
     * {@code seconds}: until the last commit.
     */
    private record Phase(double seconds, double[] committed, double[] sealed, CpuWindow.Figures cpu,
                         HostCpu.Sample host) {
    }

    /**
     * Triggers the streams at once and waits until each has its first batch committed in the merge store (polling
     * the platform's {@code batches} table), at most {@code deadline}.
     */
    private static Phase phase(EmbeddedPostgresServer pg, IngestLoop ingest, MergeLoop merge, String platform,
                               List<IngestionNode> nodes, Duration deadline) throws Exception {
        String batches = SqlNames.schema(platform) + "." + MergeColumns.BATCHES_TABLE;
        try (Connection c = pg.connect(MERGE_DB); Statement s = c.createStatement()) {
            HostCpu hostCpu = new HostCpu(c.unwrap(PGConnection.class).getBackendPID());
            HostCpu.Sample hostBefore = hostCpu.sample();
            CpuWindow.Start cpu = CpuWindow.start();
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            for (IngestionNode node : nodes) {
                if (!ingest.scheduler().trigger(node.key())) {
                    throw new NotCommitted("the IngestLoop did not take the trigger of " + node.key());
                }
            }
            long committed = 0;
            while (committed < nodes.size()) {
                Thread.sleep(POLL.toMillis());
                long failed = 0;
                if (exists(s, batches)) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE status = 'COMMITTED'),"
                            + " count(*) FILTER (WHERE status = 'FAILED') FROM " + batches)) {
                        rs.next();
                        committed = rs.getLong(1);
                        failed = rs.getLong(2);
                    }
                }
                MergeLoopRun.failed(merge);
                checkIngest(ingest, nodes);
                if (failed > 0) {
                    throw new NotCommitted(failed + " batches of platform " + platform + " FAILED in the merge store;"
                            + " see " + batches + ".error");
                }
                if (System.nanoTime() - start > deadline.toNanos()) {
                    throw new NotCommitted(String.format("only %,d of the %,d streams of platform %s had their batch"
                            + " committed %s after their trigger (the IngestLoop sealed %,d batches so far); run with"
                            + " fewer --streams or a longer --deadline", committed, nodes.size(), platform, deadline,
                            ingest.batchesSealed()));
                }
            }
            HostCpu.Sample host = hostCpu.sample().minus(hostBefore);
            CpuWindow.Figures figures = cpu.end(SmallStreamsBenchmark::ingestOrMerge);
            Map<String, Double> commits = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT stream, committed_at FROM " + batches
                    + " WHERE status = 'COMMITTED'")) {
                while (rs.next()) {
                    commits.put(rs.getString(1), Duration.between(startedAt, rs.getTimestamp(2).toInstant())
                            .toNanos() / 1e9);
                }
            }
            Map<String, Instant> lastRun = ingest.scheduler().streams().stream().filter(v -> v.lastRun() != null)
                    .collect(Collectors.toMap(StreamScheduler.StreamView::stream, StreamScheduler.StreamView::lastRun));
            double[] committedAt = nodes.stream().mapToDouble(node -> commits.get(node.key())).sorted().toArray();
            double[] sealedAt = nodes.stream().mapToDouble(node -> Duration.between(startedAt,
                    lastRun.get(node.key())).toNanos() / 1e9).sorted().toArray();
            return new Phase(committedAt[committedAt.length - 1], committedAt, sealedAt, figures, host);
        }
    }

    /** The ingest-service's and the merge-service's threads (their loops', workers' and Kafka clients'). */
    private static boolean ingestOrMerge(String thread) {
        return thread.startsWith("ingest-") || thread.contains("datasurface-ingest") || thread.startsWith("merge-")
                || thread.contains("datasurface-merge");
    }

    private static boolean exists(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Throws when the IngestLoop failed, dead-lettered a record or parked one of {@code nodes}. */
    private static void checkIngest(IngestLoop loop, List<IngestionNode> nodes) throws NotCommitted {
        Set<String> keys = nodes.stream().map(IngestionNode::key).collect(Collectors.toSet());
        List<StreamScheduler.StreamView> parked = loop.scheduler().streams().stream()
                .filter(v -> v.state() == StreamScheduler.State.PARKED && keys.contains(v.stream())).toList();
        if (loop.restarts() > 0 || loop.deadLetters() > 0 || !loop.alive() || !parked.isEmpty()) {
            throw new NotCommitted("the IngestLoop failed: restarts " + loop.restarts() + " (" + loop.lastFailure()
                    + "), dead letters " + loop.deadLetters() + ", alive " + loop.alive() + ", parked " + parked.size()
                    + (parked.isEmpty() ? "" : " (" + parked.get(0).stream() + ": " + parked.get(0).lastMessage() + ")"));
        }
    }

    /** Throws unless every stream's merge table holds {@code rows} rows. */
    private static void checkRows(EmbeddedPostgresServer pg, String platform, List<IngestionNode> nodes, long rows)
            throws Exception {
        String schema = SqlNames.schema(platform);
        String counts = nodes.stream().map(node -> "SELECT '" + node.key() + "', count(*) FROM " + schema + "."
                + node.datasets().get(0).mergeTable()).collect(Collectors.joining(" UNION ALL "));
        try (Connection c = pg.connect(MERGE_DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM (" + counts + ") c(stream, n) WHERE n <> " + rows)) {
            if (rs.next()) {
                throw new NotCommitted("the merge table of " + rs.getString(1) + " holds " + rs.getLong(2)
                        + " rows after its batch committed, not " + rows);
            }
        }
    }

    private static void print(int n, int rows, Phase one, Phase many) {
        double[] c = many.committed();
        double median = percentile(c, 50);
        double max = c[c.length - 1];
        System.out.printf("%n%-64s %10s%n", "step (from the trigger)", "seconds");
        System.out.printf("%-64s %10.2f%n", String.format("one stream of %,d rows, committed", (long) n * rows),
                one.seconds());
        System.out.printf("%-64s %10.2f%n", String.format("%,d streams of %,d rows, all committed", n, rows),
                many.seconds());
        System.out.printf("%-64s %9.2f×   (target ≤ 2×)%n", "  ratio", many.seconds() / one.seconds());
        System.out.printf("%-64s %9.2f×%n", "  CPU of this JVM and PostgreSQL, ratio (whatever else the machine ran)",
                cpu(many) / cpu(one));
        System.out.printf("%n%-64s %s%n", "per stream, trigger to commit", "min / p10 / median / p90 / max s");
        System.out.printf("%-64s %s%n", "  committed in the merge store", spread(c));
        System.out.printf("%-64s %s%n", "  batch sealed by the IngestLoop (its step's end)", spread(many.sealed()));
        System.out.printf("%-64s %9.2f×   (target ≤ 3×)%n", "  longest wait / median", max / median);
        System.out.printf("%nstreams committed by each tenth of the run (%.1f s each):", many.seconds() / 10);
        for (int tenth = 1; tenth <= 10; tenth++) {
            double until = many.seconds() * tenth / 10;
            System.out.printf(" %d", Arrays.stream(c).filter(v -> v <= until + 1e-9).count());
        }
        System.out.println();
        System.out.printf("%n%-40s %9s %9s %9s %9s %9s %9s%n", "CPU seconds while it ran", "machine", "this JVM",
                "services", "GC, JIT", "Postgres", "others");
        cpuLine("one stream", one);
        cpuLine(String.format("%,d streams", n), many);
        System.out.printf("(machine: busy time of all %d cores; services: the ingest- and merge-service's threads in"
                + " this JVM (the rest of it:%nthe broker's and the harness's, and GC, JIT: on no Java thread); others:"
                + " the machine's busy time that is neither this JVM nor PostgreSQL)%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%nPostgreSQL's CPU seconds, %,d streams: %.2f in all; connections opened and closed meanwhile"
                + " (the ingest steps'%nto their sources) %.2f; processes alive throughout:%n", n,
                many.host().postgresSeconds(), many.host().shortLived());
        many.host().processes().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6).forEach(e -> System.out.printf("  %7.2f  %s%n", e.getValue(), e.getKey()));
        System.out.printf("%nthreads using the most CPU, %,d streams:%n", n);
        many.cpu().groups().stream().limit(12).forEach(g -> System.out.printf("  %7.2f s %5s  %s%n", g.cpuSeconds(),
                g.threads() > 1 ? "×" + g.threads() : "", g.name()));
        Figures.print("small.one.seconds", one.seconds());
        Figures.print("small.all.seconds", many.seconds());
        Figures.print("small.ratio", many.seconds() / one.seconds());
        Figures.print("small.cpu.ratio", cpu(many) / cpu(one));
        Figures.print("small.median.seconds", median);
        Figures.print("small.max.seconds", max);
        Figures.print("small.fairness", max / median);
    }

    /**
     * PostgreSQL's costliest statements while the small streams ran, by database and text (digits as #, so each
     * stream's statements on its own tables count as one). Execution time is elapsed time: a COPY's includes the
     * client's time between its rows, a statement's includes its waits for locks.
     */
    private static void printStatements(EmbeddedPostgresServer pg, int top, int n) throws SQLException {
        String grouped = "SELECT regexp_replace(d.datname, '[0-9]+', '#', 'g') AS db,"
                + " left(regexp_replace(regexp_replace(s.query, '[0-9]+', '#', 'g'), '\\s+', ' ', 'g'), 150) AS q,"
                + " sum(s.calls) AS calls, sum(s.total_exec_time) AS ms"
                + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid GROUP BY 1, 2";
        try (Connection c = pg.connect(MERGE_DB); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT db, sum(calls), sum(ms) / 1000 FROM (" + grouped + ") g"
                    + " GROUP BY db ORDER BY 3 DESC")) {
                System.out.printf("%nPostgreSQL, %,d small streams (pg_stat_statements): execution time by database%n",
                        n);
                while (rs.next()) {
                    System.out.printf("  %-14s %,9d statements %8.2f s%n", rs.getString(1), rs.getLong(2),
                            rs.getDouble(3));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT db, calls, ms, q FROM (" + grouped + ") g ORDER BY ms DESC"
                    + " LIMIT " + top)) {
                System.out.printf("the %d costliest statements (ms in all, calls, database, text; elapsed, not CPU):%n", top);
                while (rs.next()) {
                    System.out.printf("  %8.0f %,7d %-12s %s%n", rs.getDouble(3), rs.getLong(2), rs.getString(1),
                            rs.getString(4));
                }
            }
        }
    }

    /** CPU seconds of this JVM and the PostgreSQL server while the phase ran. */
    private static double cpu(Phase p) {
        return p.cpu().cpuSeconds() + p.host().postgresSeconds();
    }

    private static void cpuLine(String what, Phase p) {
        CpuWindow.Figures f = p.cpu();
        HostCpu.Sample h = p.host();
        System.out.printf("%-40s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n", what, h.machineSeconds(), f.cpuSeconds(),
                f.ownCpuSeconds(), f.jvmCpuSeconds(), h.postgresSeconds(),
                h.machineSeconds() - f.cpuSeconds() - h.postgresSeconds());
    }

    private static String spread(double[] sorted) {
        return String.format("%.2f / %.2f / %.2f / %.2f / %.2f", sorted[0], percentile(sorted, 10),
                percentile(sorted, 50), percentile(sorted, 90), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void progress(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}

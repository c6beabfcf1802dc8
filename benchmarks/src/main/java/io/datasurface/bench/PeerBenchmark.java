package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The peer a team would assemble instead of our pipeline ({@link ConnectPeer}: Kafka Connect standalone in this
 * JVM, Debezium's PostgreSQL source and JDBC sink connectors), on the same in-JVM broker and embedded PostgreSQL as
 * our benchmarks. First, the pipeline benchmark's source rows from the source connector's start until the sink
 * table holds them all, against the raw COPY pipe of the same rows in this run. Then, with both connectors still
 * running, {@link ChangeLatency} at 1,000, 2,000, 4,000… changes a second (as {@code all} runs {@code cdc-latency}),
 * until the p99 from source commit to visible in the sink passes a second or the writer cannot make the rate. A tenth
 * of the rows, loaded first through a connector pair of their own, warms up class loading and the JIT.
 */
final class PeerBenchmark {
    private static final String SOURCE_DB = "bench_source";
    private static final String SINK_DB = "peer_sink";
    private static final String CDC_TABLE = "cdc_items";
    private static final int[] RATES = {1_000, 2_000, 4_000, 8_000, 16_000};
    private static final double P99_LIMIT_MS = 1_000;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(6);
    /** How long changes may take to show after the writer's end before the rate counts as not kept up with. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private PeerBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rows = 1_000_000;
        int seconds = 20;
        int batch = 5_000;
        boolean unnest = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1].replace("_", "") : "";
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--sink-batch" -> batch = Integer.parseInt(value);
                case "--sink-defaults" -> {
                    batch = 500;
                    continue;
                }
                case "--sink-unnest" -> {
                    unnest = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --rows N --seconds N --sink-batch N --sink-defaults --sink-unnest");
            }
            i++;
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17).start();
             EmbeddedKafka kafka = BenchKafka.start()) {
            pg.createDatabase(SOURCE_DB);
            pg.createDatabase(SINK_DB);
            System.out.printf("peer benchmark: Kafka Connect 4.2 standalone in-JVM, Debezium PostgreSQL source 3.6.1 and"
                    + " JDBC sink 3.6.0 (upsert, batch.size %,d, UNNEST %s), %,d rows of 6 columns, PostgreSQL 17, %d cores,"
                    + " Java %s%n", batch, unnest ? "on" : "off", rows, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            MergeBenchmark.fillSource(pg, rows);
            ChangeLatency.createSource(pg, SOURCE_DB, CDC_TABLE);
            Queries.execute(pg, SINK_DB, "CREATE TABLE raw_items (" + MergeBenchmark.SCHEMA_COLUMNS
                    .replace(" PRIMARY KEY", "") + ")");
            double raw = CopyPipe.copy(pg.connect(SOURCE_DB), "COPY items TO STDOUT", pg.connect(SINK_DB),
                    "COPY raw_items FROM STDIN");
            Queries.execute(pg, SINK_DB, "DROP TABLE raw_items");
            try (ConnectPeer peer = ConnectPeer.start(kafka, Files.createTempDirectory("bench-connect"))) {
                // a first load of a tenth of the rows warms up class loading and the JIT, as the pipeline
                // benchmark's warm-up run does for ours; it is not counted
                int warm = Math.max(1, rows / 10);
                Queries.execute(pg, SOURCE_DB, "CREATE TABLE warm_items AS SELECT * FROM items WHERE id <= " + warm
                        + "; ALTER TABLE warm_items ADD PRIMARY KEY (id)");
                load(pg, kafka, peer, "warm", "warm_items", List.of(), warm, batch, unnest, false);
                Queries.execute(pg, SOURCE_DB, "SELECT pg_drop_replication_slot('warm'); DROP PUBLICATION warm");

                double load = load(pg, kafka, peer, "peer", "items", List.of(CDC_TABLE), rows, batch, unnest, true);
                System.out.printf("%n%-56s %12s %9s %12s%n", "step", "rows/s", "seconds", "× raw pipe");
                System.out.printf("%-56s %,12.0f %9.2f %12.2f%n", "raw COPY pipe (the limit)", rows / raw, raw, 1.0);
                System.out.printf("%-56s %,12.0f %9.2f %12.2f%n", "peer first load, source connector start to all in "
                        + "sink", rows / load, load, raw / load);
                Figures.print("peer.raw.seconds", raw);
                Figures.print("peer.load.seconds", load);
                Figures.print("peer.load", raw / load);
                cdc(pg, peer, seconds);
            }
        }
    }

    /**
     * Starts a sink connector and then a source connector named after {@code prefix} on {@code table} (and
     * {@code others}), and returns the seconds from the source connector's start until the sink's {@code table} holds
     * all {@code rows} rows. Without {@code keep}, both connectors are removed afterwards.
     */
    private static double load(EmbeddedPostgresServer pg, EmbeddedKafka kafka, ConnectPeer peer, String prefix,
                               String table, List<String> others, int rows, int batch, boolean unnest, boolean keep)
            throws Exception {
        List<String> tables = new ArrayList<>(List.of(table));
        tables.addAll(others);
        List<String> topics = tables.stream().map(t -> ConnectPeer.topic(prefix, t)).toList();
        for (String t : topics) {
            kafka.createTopic(t, 1);
        }
        String source = prefix + "-source";
        String sink = prefix + "-sink";
        peer.put(sink, ConnectPeer.sink(pg, SINK_DB, topics, batch, unnest));
        CpuWindow.Usage before = CpuWindow.Usage.now();
        long start = System.nanoTime();
        peer.put(source, ConnectPeer.source(pg, SOURCE_DB, prefix, tables, unnest));
        awaitLoad(pg, kafka, peer, List.of(source, sink), table, topics.get(0), rows, start);
        double seconds = MergeBenchmark.secs(start);
        if (keep) {
            CpuWindow.Usage after = CpuWindow.Usage.now();
            System.out.printf("CPU of this JVM during the load: %.1f s in %.1f s; the threads that used most:%n",
                    after.processSecondsSince(before), seconds);
            for (CpuWindow.ThreadGroup g : after.groupsSince(before).stream().limit(6).toList()) {
                System.out.printf("  %-60s %6.1f s%n", g.name() + (g.threads() > 1 ? " (" + g.threads() + ")" : ""),
                        g.cpuSeconds());
            }
        } else {
            peer.delete(source);
            peer.delete(sink);
        }
        return seconds;
    }

    /**
     * Waits until the sink's {@code table} holds all {@code rows} rows, showing progress every 5 s (rows in Kafka
     * and in the sink). The snapshot reads the source in its physical order, which is key order here, so the last
     * key arrives last: the largest key is polled (cheap), then the count confirms.
     */
    private static void awaitLoad(EmbeddedPostgresServer pg, EmbeddedKafka kafka, ConnectPeer peer,
                                  List<String> connectors, String table, String topic, int rows, long start)
            throws Exception {
        long deadline = start + LOAD_TIMEOUT.toNanos();
        long nextProgress = start + Duration.ofSeconds(5).toNanos();
        TopicPartition partition = new TopicPartition(topic, 0);
        Admin admin = kafka.admin(); // the broker's own, closed with it
        try (Connection c = pg.connect(SINK_DB)) {
            while (true) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException("the peer loaded " + maxId(c, table) + " of " + rows + " rows in "
                            + LOAD_TIMEOUT);
                }
                if (now > nextProgress) {
                    connectors.forEach(peer::checkRunning);
                    long done = maxId(c, table);
                    long inKafka = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                            .get().offset();
                    System.out.printf("  %s: %,d of %,d rows in Kafka, %,d in the sink after %.0f s (%,.0f rows/s)%n",
                            table, inKafka, rows, done, MergeBenchmark.secs(start), done / MergeBenchmark.secs(start));
                    nextProgress += Duration.ofSeconds(5).toNanos();
                }
                if (maxId(c, table) >= rows && count(c, table) >= rows) {
                    return;
                }
                Thread.sleep(50);
            }
        }
    }

    private static long maxId(Connection c, String table) throws SQLException {
        return single(c, "SELECT coalesce(max(id), 0) FROM " + table);
    }

    private static long count(Connection c, String table) throws SQLException {
        return single(c, "SELECT count(*) FROM " + table);
    }

    /** One number from the sink, 0 while the sink has not made the table yet. */
    private static long single(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // undefined table: not made yet
            }
            throw e;
        }
    }

    /** The CDC rates in turn, until one's p99 passes a second or the writer cannot make the rate. */
    private static void cdc(EmbeddedPostgresServer pg, ConnectPeer peer, int seconds) throws Exception {
        ChangeLatency.awaitRows(pg, SINK_DB, CDC_TABLE, Duration.ofMinutes(1));
        System.out.printf("%nCDC: single-row changes to a %,d-row table for %d s a rate, source commit to visible in "
                + "the sink%n%-12s %9s %9s %8s %8s %8s %8s%n", ChangeLatency.ROWS, seconds, "changes/s", "changes",
                "reached", "p50 ms", "p90 ms", "p99 ms", "max ms");
        int knee = 0;
        double kneeP99 = 0;
        double writerLimited = 0;
        double writerLimitedP99 = 0;
        for (int rate : RATES) {
            ChangeLatency.Result r = ChangeLatency.measure(pg, SOURCE_DB, CDC_TABLE, SINK_DB,
                    "SELECT coalesce(max(seq), 0) FROM " + CDC_TABLE, rate, seconds, DRAIN);
            peer.checkRunning("peer-source");
            peer.checkRunning("peer-sink");
            System.out.printf("%,-12d %,9d %,9.0f %8s %8s %8s %8s%s%n", rate, r.changes(), r.rate(), ms(r.pct(50)),
                    ms(r.pct(90)), ms(r.pct(99)), ms(r.max()), r.complete() ? ""
                            : String.format("  (%,d not visible %d s after the writer's end)", r.changes() - r.seen(),
                            DRAIN.toSeconds()));
            Figures.print("peer.cdc.p99." + rate, r.complete() ? r.pct(99) : -1);
            boolean kept = r.complete() && r.pct(99) <= P99_LIMIT_MS;
            if (kept && r.rate() < rate * 0.9) {
                // the writer cannot make the rate (one autocommit UPDATE a change), while the peer keeps up
                writerLimited = r.rate();
                writerLimitedP99 = r.pct(99);
            }
            if (!kept || writerLimited > 0) {
                break;
            }
            knee = rate;
            kneeP99 = r.pct(99);
        }
        System.out.printf("%nthe knee: %s%s%n", knee == 0 ? "under " + String.format("%,d", RATES[0]) + " changes/s"
                : String.format("%,d changes/s (p99 %.0f ms)", knee, kneeP99), writerLimited == 0 ? ""
                : String.format(" or more: at the next rate the writer made only %,.0f/s (p99 %.0f ms)", writerLimited,
                writerLimitedP99));
        Figures.print("peer.cdc.knee", knee);
        Figures.print("peer.cdc.writer.limited", writerLimited);
        Figures.print("peer.cdc.knee.p99", kneeP99);
    }

    private static String ms(double v) {
        return Double.isInfinite(v) ? "–" : String.format("%,.0f", v);
    }
}

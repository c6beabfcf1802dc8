package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.credential.Credential;
import io.datasurface.model.event.Event;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * CDC latency: a writer commits single-row changes to the source at a steady rate; the CDC reader (Debezium)
 * turns them into DELTA batches through the ingest step into Kafka, and an EventMerge consumer applies them to
 * the merge store. Each change sets the row's {@code seq} to the change's number; a poller reads
 * {@code max(seq)} of the merge table every few milliseconds, so a change is visible (a workspace view is a
 * plain view over that table) once the max reaches its number. Latency = visible − source commit returned.
 * Everything runs in this JVM on this machine.
 */
final class CdcLatencyBenchmark {
    private static final int ROWS = 10_000;
    private static final long POLL_MILLIS = 5;

    private CdcLatencyBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rate = 1_000;
        int seconds = 60;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rate") && i + 1 < args.length) {
                rate = Integer.parseInt(args[++i].replace("_", ""));
            } else if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; use --rate N --seconds N");
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17).start();
             EmbeddedKafka kafka = BenchKafka.start()) {
            pg.createDatabase("cdc_source");
            pg.createDatabase("cdc_merge");
            try (Connection c = pg.connect("cdc_source"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id bigint PRIMARY KEY, seq bigint NOT NULL, note varchar(100),"
                        + " changed timestamp NOT NULL)");
                s.execute("INSERT INTO items SELECT i, 0, 'item ' || i, now() FROM generate_series(1, " + ROWS + ") i");
            }
            System.out.printf("cdc latency benchmark: %,d single-row changes/s for %d s on a %,d-row table, PostgreSQL 17,"
                    + " Kafka 4.2 in-JVM, Debezium 3.6, %d cores, Java %s%n", rate, seconds, ROWS,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf("%n%-12s %9s %9s %8s %8s %8s %8s %8s%n", "platform", "changes", "changes/s", "p50 ms",
                    "p90 ms", "p99 ms", "max ms", "batches");
            for (Milestoning m : List.of(Milestoning.LIVE_ONLY, Milestoning.FORENSIC)) {
                measure(pg, kafka, m, rate, seconds);
            }
        }
    }

    private static void measure(EmbeddedPostgresServer pg, EmbeddedKafka kafka, Milestoning milestoning, int rate,
                                int seconds) throws Exception {
        String platform = milestoning == Milestoning.LIVE_ONLY ? "cdc_live" : "cdc_forensic";
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "bigint", false, true),
                new ColumnSpec("seq", "bigint", false, false), new ColumnSpec("note", "varchar(100)", true, false),
                new ColumnSpec("changed", "timestamp", false, false));
        DatasetSpec items = new DatasetSpec("items", "src_items_merge", "src_items_staging", null, columns,
                Fingerprints.of(columns));
        IngestionNode node = new IngestionNode(IngestionNode.keyOf(platform, "src", null), platform, "src", null, CaptureType.CDC,
                "external", null, null, List.of(items));
        AtomicBoolean stop = new AtomicBoolean();
        long[] batches = {0};
        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> ingest(pg, kafka, node, stop));
        CompletableFuture<Void> merge = CompletableFuture.runAsync(() -> merge(pg, kafka, node, milestoning, stop,
                batches));
        String table = platform + ".src_items_merge";
        awaitMax(pg, table, 0, Duration.ofMinutes(2)); // the initial snapshot is merged

        long base;
        try (Connection c = pg.connect("cdc_source"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(seq) FROM items")) {
            rs.next();
            base = rs.getLong(1); // an earlier run's changes are already in the source
        }
        int total = rate * seconds;
        long[] committed = new long[total + 1];
        long[] visible = new long[total + 1];
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(pg, rate, total, base, committed));
        long seen = 0;
        long writerStart = System.nanoTime();
        try (Connection c = pg.connect("cdc_merge");
             PreparedStatement max = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM " + table
                     + (milestoning == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : ""))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 120L).toNanos();
            while (seen < total && System.nanoTime() < deadline) {
                long m;
                try (ResultSet rs = max.executeQuery()) {
                    rs.next();
                    m = Math.max(0, rs.getLong(1) - base);
                }
                long now = System.nanoTime();
                for (long n = seen + 1; n <= m; n++) {
                    visible[(int) n] = now;
                }
                seen = Math.max(seen, m);
                Thread.sleep(POLL_MILLIS);
            }
        }
        writer.join();
        double writeSeconds = (System.nanoTime() - writerStart) / 1e9;
        stop.set(true);
        ingest.join();
        merge.join();
        if (seen < total) {
            throw new IllegalStateException(platform + ": only " + seen + " of " + total + " changes became visible");
        }
        double[] ms = new double[total];
        for (int n = 1; n <= total; n++) {
            ms[n - 1] = Math.max(0, visible[n] - committed[n]) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-12s %,9d %,9.0f %8.0f %8.0f %8.0f %8.0f %,8d%n", milestoning.name().toLowerCase(), total,
                total / writeSeconds, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1], batches[0]);
        String name = milestoning.name().toLowerCase();
        Figures.print("cdc.rate." + name, total / writeSeconds);
        Figures.print("cdc.p99." + name, pct(ms, 99));
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    /** Change n sets a random row's seq to base + n, one autocommit statement each, at {@code rate} a second. */
    private static void write(EmbeddedPostgresServer pg, int rate, int total, long base, long[] committed) {
        Random random = new Random(42);
        try (Connection c = pg.connect("cdc_source");
             PreparedStatement update = c.prepareStatement("UPDATE items SET seq = ?, note = ?, changed = now()"
                     + " WHERE id = ?")) {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int n = 1; n <= total; n++) {
                long due = start + n * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                update.setLong(1, base + n);
                update.setString(2, "change " + n);
                update.setLong(3, 1 + random.nextInt(ROWS));
                update.executeUpdate();
                committed[n] = System.nanoTime();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ingest(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode node, AtomicBoolean stop) {
        CdcReader.Address address = new CdcReader.Address("127.0.0.1", pg.port(), "cdc_source",
                new Credential(pg.user(), pg.password()));
        try (KafkaProducer<String, String> producer = BenchKafka.producer(kafka, node.platform(), Map.of());
             CdcReader reader = new CdcReader(node, address, pg.connect("cdc_source"), 50_000, null)) {
            Optional<IngestState> state = Optional.empty();
            while (!stop.get()) {
                KafkaIngestStep.Result r = new KafkaIngestStep(producer, node.platform(), node, 50_000,
                        Clock.systemUTC()).run(state, reader, 10);
                if (r.outcome() == IngestOutcome.ERROR) {
                    throw new IllegalStateException(r.message());
                }
                if (r.state() != null) {
                    state = Optional.of(r.state());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void merge(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode node,
                              Milestoning milestoning, AtomicBoolean stop, long[] batches) {
        EventMerge.Target target = new EventMerge.Target(node.platform(), node.platform(), milestoning, node);
        try (KafkaConsumer<String, String> consumer = BenchKafka.ingestConsumer(kafka);
             Connection c = pg.connect("cdc_merge")) {
            EventMerge merge = new EventMerge(c, "bench", Clock.systemUTC());
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    if (!node.key().equals(r.key())) {
                        continue;
                    }
                    Event e = Json.read(r.value(), Event.class);
                    if (merge.apply(target, r.topic(), r.partition(), r.offset(), e).committed().isPresent()) {
                        batches[0]++;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitMax(EmbeddedPostgresServer pg, String table, long atLeast, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = pg.connect("cdc_merge"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) >= ROWS && rs.getLong(2) >= atLeast) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // the merge table is made with the first batch
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the initial snapshot of " + table + " was not merged within " + timeout);
    }
}

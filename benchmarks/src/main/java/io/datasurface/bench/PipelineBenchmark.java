package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.ingest.snapshot.DiffSnapshotReader;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A snapshot through the event pipeline: the ingest step writes the source's rows into Kafka (chunks in
 * transactions) while, at the same time, a consumer applies them to the merge store with EventMerge,
 * until the batch is committed. Compared with the raw COPY pipe of the same rows, measured in the same
 * run. Then the same rows into two platforms at once through the merge-service's own loop ({@link MergeLoopRun}).
 * Everything runs in this JVM: broker, PostgreSQL, producers and consumers share the machine.
 */
final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rows = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = Integer.parseInt(args[++i].replace("_", ""));
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; use --rows N");
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17).start();
             EmbeddedKafka kafka = BenchKafka.start()) {
            pg.createDatabase("bench_source");
            pg.createDatabase("bench_merge");
            System.out.printf("pipeline benchmark: %,d rows of 6 columns, PostgreSQL 17, Kafka 4.2 in-JVM, %d cores, "
                    + "Java %s, producer compression %s%n", rows, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), BenchKafka.COMPRESSION);
            MergeBenchmark.fillSource(pg, rows);
            IngestionNode node = MergeBenchmark.benchNode();
            // a first run of the same rows warms up class loading and the JIT; it is not counted
            runPipeline(pg, kafka, node, "bench_warmup", Milestoning.LIVE_ONLY, Optional.empty());
            try (Connection c = pg.connect("bench_merge"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_items (" + MergeBenchmark.SCHEMA_COLUMNS.replace(" PRIMARY KEY", "") + ")");
            }
            double raw = CopyPipe.copy(pg.connect("bench_source"), "COPY items TO STDOUT", pg.connect("bench_merge"),
                    "COPY raw_items FROM STDIN");
            System.out.printf("%n%-56s %12s %9s %12s%n", "step", "rows/s", "seconds", "× raw pipe");
            line("raw COPY pipe (the limit)", rows, raw, raw);
            long bytesBefore = BenchKafka.ingestBytes(kafka);
            Batch live = runPipeline(pg, kafka, node, "bench_pipe_live", Milestoning.LIVE_ONLY, Optional.empty());
            long kafkaBytes = BenchKafka.ingestBytes(kafka) - bytesBefore;
            line("ingest into Kafka (while the merge consumes), live-only", rows, live.ingestSeconds(), raw);
            line("source to committed merge, live-only", rows, live.mergedSeconds(), raw);
            Batch forensic = runPipeline(pg, kafka, node, "bench_pipe_forensic", Milestoning.FORENSIC, Optional.empty());
            line("ingest into Kafka (while the merge consumes), forensic", rows, forensic.ingestSeconds(), raw);
            line("source to committed merge, forensic", rows, forensic.mergedSeconds(), raw);
            MergeLoopRun.Result both = MergeLoopRun.firstLoad(pg, kafka, node);
            line("ingest into Kafka, both platforms (MergeLoop consumes)", 2 * rows, both.ingestSeconds(), 2 * raw);
            line("source to committed merge, both platforms via MergeLoop", 2 * rows, both.mergedSeconds(), 2 * raw);
            System.out.printf("%nboth platforms: a live-only and a forensic one, %,d rows each, loaded at once through one"
                    + "%nMergeLoop (rows/s and × raw pipe count both platforms' rows); the merge tables after it:%n", rows);
            for (MergeLoopRun.Table t : both.tables()) {
                System.out.printf("  %-40s %,12d rows, batches: %s%n", t.name(), t.rows(), t.batches());
            }
            both.check(rows);
            long tableBytes;
            try (Connection c = pg.connect("bench_source"); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_relation_size('items')")) {
                rs.next();
                tableBytes = rs.getLong(1);
            }
            System.out.printf("%nbytes through Kafka for one first load: %,.1f MiB, %.1f bytes a row (the source table: "
                    + "%,.1f MiB)%n", kafkaBytes / 1048576.0, (double) kafkaBytes / rows, tableBytes / 1048576.0);

            // the next snapshot of the forensic stream after 1% of the rows changed and 0.1% were deleted
            Queries.execute(pg, "bench_source", MergeBenchmark.CHANGES);
            long before = BenchKafka.ingestBytes(kafka);
            Batch next = runPipeline(pg, kafka, node, "bench_pipe_forensic", Milestoning.FORENSIC, forensic.state());
            long nextBytes = BenchKafka.ingestBytes(kafka) - before;
            System.out.printf("next FULL batch, 1%% changed and 0.1%% deleted, forensic: %.2f s source to committed, "
                    + "%,.1f MiB through Kafka (%.0f%% of the first load's)%n", next.mergedSeconds(), nextBytes / 1048576.0,
                    100.0 * nextBytes / kafkaBytes);
            // and the next one, after as many other changes, carrying only what changed
            Queries.execute(pg, "bench_source", "UPDATE items SET amount = amount + 2 WHERE id % 100 = 50; "
                    + "DELETE FROM items WHERE id % 1000 = 9");
            before = BenchKafka.ingestBytes(kafka);
            Batch changes = runPipeline(pg, kafka, node, "bench_pipe_forensic", Milestoning.FORENSIC, next.state(), true);
            long changesBytes = BenchKafka.ingestBytes(kafka) - before;
            System.out.printf("the batch after it, as many changes, only what changed: %.2f s source to committed, "
                    + "%,.2f MiB through Kafka (%.1f%% of the first load's)%n", changes.mergedSeconds(),
                    changesBytes / 1048576.0, 100.0 * changesBytes / kafkaBytes);
            long merged = (Long) Queries.row(pg, "bench_merge", "SELECT count(*) FROM bench_pipe_forensic.items_items_merge"
                    + " WHERE ds_surf_batch_out = 2147483647").get(0);
            long inSource = (Long) Queries.row(pg, "bench_source", "SELECT count(*) FROM items").get(0);
            if (merged != inSource) {
                throw new IllegalStateException("the forensic merge table has " + merged + " current rows, the source "
                        + inSource);
            }
            Figures.print("raw.seconds", raw);
            Figures.print("kafka.changes.seconds", changes.mergedSeconds());
            Figures.print("kafka.changes.bytes", (double) changesBytes / kafkaBytes);
            Figures.print("kafka.live", raw / live.mergedSeconds());
            Figures.print("kafka.forensic", raw / forensic.mergedSeconds());
            Figures.print("kafka.both", 2 * raw / both.mergedSeconds());
            Figures.print("kafka.full.changed.seconds", next.mergedSeconds());
            Figures.print("kafka.full.changed.bytes", (double) nextBytes / kafkaBytes);
        }
    }

    private static void line(String what, int rows, double seconds, double raw) {
        System.out.printf("%-56s %,12.0f %9.2f %12.2f%n", what, rows / seconds, seconds, raw / seconds);
    }

    /** A batch through the pipeline: seconds until sealed and until committed, and the stream's state after it. */
    private record Batch(double ingestSeconds, double mergedSeconds, Optional<IngestState> state) {
    }

    /** The next batch of the stream into a platform schema of its own (the first when {@code state} is empty). */
    private static Batch runPipeline(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode base,
                                     String platform, Milestoning milestoning, Optional<IngestState> state)
            throws Exception {
        return runPipeline(pg, kafka, base, platform, milestoning, state, false);
    }

    /** The same; with {@code changesOnly}, a snapshot batch after the first carries only what changed. */
    private static Batch runPipeline(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode base,
                                     String platform, Milestoning milestoning, Optional<IngestState> state,
                                     boolean changesOnly) throws Exception {
        IngestionNode node = onPlatform(base, platform);
        long start = System.nanoTime();
        CompletableFuture<Double> merged = CompletableFuture.supplyAsync(() -> {
            try {
                consume(pg, kafka, node, platform, milestoning);
                return MergeBenchmark.secs(start);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Optional<IngestState> after = ingest(pg, kafka, node, state, changesOnly ? milestoning : null);
        double ingest = MergeBenchmark.secs(start);
        return new Batch(ingest, merged.get(), after);
    }

    /** The stream of {@code base}'s store on a platform: its key and platform are the platform's. */
    static IngestionNode onPlatform(IngestionNode base, String platform) {
        return new IngestionNode(IngestionNode.keyOf(platform, base.store(), null), platform, base.store(), null,
                base.capture(), base.trigger(), base.source(), base.credential(), base.datasets());
    }

    /**
     * Writes one batch of the stream (a snapshot of the source) into Kafka with the ingest step, on a producer of
     * the stream's platform; returns the seconds from {@code startNanos} until the batch was sealed.
     */
    static double ingest(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode node, long startNanos)
            throws Exception {
        ingest(pg, kafka, node, Optional.empty(), null);
        return MergeBenchmark.secs(startNanos);
    }

    /** Writes the stream's next batch after {@code state} into Kafka; returns the state after it. */
    private static Optional<IngestState> ingest(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode node,
                                                Optional<IngestState> state, Milestoning changesOnly) throws Exception {
        String platform = node.platform();
        try (KafkaProducer<String, String> producer = BenchKafka.producer(kafka, platform, Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"))) {
            while (true) {
                try (BatchSource reader = changesOnly == null ? new SnapshotReader(node, pg.connect("bench_source"), 50_000)
                        : new DiffSnapshotReader(node, pg.connect("bench_source"), 50_000, pg.connect("bench_merge"),
                        node.platform(), changesOnly)) {
                    KafkaIngestStep.Result r = new KafkaIngestStep(producer, platform, node, 50_000, Clock.systemUTC())
                            .run(state, reader, 1_000);
                    if (r.outcome() == IngestOutcome.ERROR) {
                        throw new IllegalStateException(r.message());
                    }
                    state = Optional.of(r.state());
                    if (r.outcome() == IngestOutcome.DONE) {
                        return state;
                    }
                }
            }
        }
    }

    /** Applies the stream's records until its batch commits. */
    private static void consume(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode node, String platform,
                                Milestoning milestoning) throws Exception {
        EventMerge.Target target = new EventMerge.Target(platform, platform, milestoning, node);
        try (KafkaConsumer<String, String> consumer = BenchKafka.ingestConsumer(kafka);
             Connection c = pg.connect("bench_merge")) {
            EventMerge merge = new EventMerge(c, "bench", Clock.systemUTC());
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    Long next = merge.storedOffsets(platform, r.topic()).get(r.partition());
                    if (!node.key().equals(r.key()) || next != null && r.offset() < next) {
                        continue; // another stream's, or applied before: not worth decoding
                    }
                    Event e = Json.read(r.value(), Event.class);
                    Optional<BatchCommitted> done = merge.apply(target, r.topic(), r.partition(), r.offset(), e).committed();
                    if (done.isPresent()) {
                        return;
                    }
                }
            }
        }
    }
}

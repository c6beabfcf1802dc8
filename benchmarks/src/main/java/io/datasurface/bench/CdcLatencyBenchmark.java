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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * CDC latency: a writer commits single-row changes to the source at a steady rate; the CDC reader (Debezium)
 * turns them into DELTA batches through the ingest step into Kafka, and an EventMerge consumer applies them to
 * the merge store. Latency is measured by {@link ChangeLatency}: each change sets the row's {@code seq} to the
 * change's number, and a poller reads {@code max(seq)} of the merge table (a workspace view is a plain view over
 * that table). Everything runs in this JVM on this machine.
 */
final class CdcLatencyBenchmark {
    private static final int ROWS = ChangeLatency.ROWS;

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
            ChangeLatency.createSource(pg, "cdc_source", "items");
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
        ChangeLatency.awaitRows(pg, "cdc_merge", table, Duration.ofMinutes(2)); // the initial snapshot is merged
        ChangeLatency.Result r = ChangeLatency.measure(pg, "cdc_source", "items", "cdc_merge",
                "SELECT coalesce(max(seq), 0) FROM " + table
                        + (milestoning == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : ""),
                rate, seconds, Duration.ofSeconds(120));
        stop.set(true);
        ingest.join();
        merge.join();
        if (!r.complete()) {
            throw new IllegalStateException(platform + ": only " + r.seen() + " of " + r.changes()
                    + " changes became visible");
        }
        System.out.printf("%-12s %,9d %,9.0f %8.0f %8.0f %8.0f %8.0f %,8d%n", milestoning.name().toLowerCase(),
                r.changes(), r.rate(), r.pct(50), r.pct(90), r.pct(99), r.max(), batches[0]);
        String name = milestoning.name().toLowerCase();
        Figures.print("cdc.rate." + name, r.rate());
        Figures.print("cdc.p99." + name, r.pct(99));
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
}

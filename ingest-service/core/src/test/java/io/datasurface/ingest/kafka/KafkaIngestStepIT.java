package io.datasurface.ingest.kafka;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.batch.RowCodec;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest steps into the real (embedded) broker, read back as a read_committed consumer sees them. */
class KafkaIngestStepIT {
    static EmbeddedKafka kafka;
    static final int ROWS = 2_500;

    SourceDb source;
    IngestionNode node;
    KafkaProducer<String, String> producer;

    @BeforeAll
    static void topics() {
        kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.INGEST, 2);
        kafka.createTopic(Topics.INGEST_STATE, 1);
    }

    @BeforeEach
    void setUp() {
        source = SourceDb.h2Memory();
        String store = "shop" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        node = Streams.snapshot(store).dataset("items", key("id", "integer"), col("name", "varchar(50)")).node();
        source.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50))");
        source.insert("items", IntStream.rangeClosed(1, ROWS).mapToObj(i -> List.<Object>of(i, "item " + i)).toList());
        producer = producer();
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void aSnapshotGoesOutInCommittedChunksAndIsSealedOnce() throws Exception {
        Result first = step(Optional.empty(), 1);
        assertThat(first.result.outcome()).isEqualTo(IngestOutcome.KEEP_WORKING);
        assertThat(first.result.state().open()).isTrue();
        assertThat(first.result.state().rows()).containsEntry("items", 1_000L);
        List<Event> soFar = eventsOnceVisible(l -> l.size() >= 2);
        assertThat(soFar).hasSize(2).first().isInstanceOf(BatchStarted.class);
        assertThat(soFar).noneMatch(e -> e instanceof BatchSealed);

        IngestState state = first.result.state();
        Result last;
        int steps = 1;
        do {
            last = step(Optional.of(state), 1);
            state = last.result.state();
            steps++;
        } while (last.result.outcome() == IngestOutcome.KEEP_WORKING && steps < 10);
        assertThat(last.result.outcome()).isEqualTo(IngestOutcome.DONE);

        List<Event> all = eventsOnceVisible(KafkaIngestStepIT::sealed);
        assertThat(all.stream().filter(e -> e instanceof BatchStarted)).hasSize(1);
        List<RowChunk> chunks = all.stream().filter(e -> e instanceof RowChunk).map(e -> (RowChunk) e).toList();
        assertThat(chunks).extracting(RowChunk::sequence).containsExactly(0, 1, 2);
        assertThat(ids(chunks)).containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).boxed().toList());
        BatchSealed sealed = (BatchSealed) all.get(all.size() - 1);
        assertThat(sealed.datasets()).singleElement().satisfies(d -> {
            assertThat(d.rows()).isEqualTo(ROWS);
            assertThat(d.chunks()).isEqualTo(3);
        });
        assertThat(states()).containsEntry(node.key(), state);
        assertThat(state.open()).isFalse();
    }

    @Test
    void aStepThatFailsShowsNothingOfItsUncommittedRowsAndTheNextOneResumes() throws Exception {
        IngestState state = step(Optional.empty(), 1).result.state(); // rows 1..1000 committed
        // the next step dies after writing 500 rows of its chunk
        try (Connection c = source.connect(); SnapshotReader reader = new SnapshotReader(node, c, 1_000)) {
            BatchSource dying = new FailingAfter(reader, 500);
            KafkaIngestStep.Result failed = new KafkaIngestStep(producer, "test-platform", node, 1_000,
                    Clock.systemUTC()).run(Optional.of(state), dying, 5);
            assertThat(failed.outcome()).isEqualTo(IngestOutcome.ERROR);
            assertThat(failed.message()).contains("source went away");
            assertThat(failed.state()).isEqualTo(state);
        }
        assertThat(ids(chunks(eventsOnceVisible(l -> !chunks(l).isEmpty())))).hasSize(1_000);

        Result rest = step(Optional.of(state), 10);
        assertThat(rest.result.outcome()).isEqualTo(IngestOutcome.DONE);
        assertThat(ids(chunks(eventsOnceVisible(KafkaIngestStepIT::sealed))))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).boxed().toList());
    }

    @Test
    void theNextBatchStartsWhereTheSealedOneEndedAndAChangedSchemaStartsTheOpenBatchAgain() throws Exception {
        IngestState sealed = step(Optional.empty(), 10).result.state();
        assertThat(sealed.open()).isFalse();

        IngestState open = step(Optional.of(sealed), 1).result.state();
        assertThat(open.batchId()).isEqualTo(2);
        assertThat(open.previousPosition()).isEqualTo(sealed.sourcePosition());

        source.execute("ALTER TABLE items ADD COLUMN price integer");
        node = Streams.snapshot(node.store()).dataset("items", key("id", "integer"), col("name", "varchar(50)"),
                col("price", "integer")).node();
        Result again = step(Optional.of(open), 10);
        assertThat(again.result.outcome()).isEqualTo(IngestOutcome.DONE);
        List<BatchStarted> starts = eventsOnceVisible(l -> l.stream().filter(e -> e instanceof BatchSealed).count() == 2)
                .stream().filter(e -> e instanceof BatchStarted).map(e -> (BatchStarted) e).toList();
        assertThat(starts).extracting(BatchStarted::batchId).containsExactly(1L, 2L, 2L);
        assertThat(starts.get(2).kind()).isEqualTo(BatchKind.FULL);
        assertThat(again.result.state().batchId()).isEqualTo(2);
        assertThat(again.result.state().rows()).containsEntry("items", (long) ROWS); // counted again from 0
    }

    // ------------------------------------------------------------------ helpers

    record Result(KafkaIngestStep.Result result) {
    }

    private Result step(Optional<IngestState> last, int maxChunks) throws Exception {
        try (Connection c = source.connect(); SnapshotReader reader = new SnapshotReader(node, c, 1_000)) {
            KafkaIngestStep.Result r = new KafkaIngestStep(producer, "test-platform", node, 1_000, Clock.systemUTC())
                    .run(last, reader, maxChunks);
            assertThat(r.outcome()).as(String.valueOf(r.message())).isNotEqualTo(IngestOutcome.ERROR);
            return new Result(r);
        }
    }

    /** A reader whose source dies after some rows of its step. */
    private record FailingAfter(BatchSource inner, int rows) implements BatchSource {
        @Override
        public BatchKind kind() {
            return inner.kind();
        }

        @Override
        public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
            int[] n = {0};
            return inner.read(restartPoint, previousPosition, maxChunks, new BatchSink() {
                @Override
                public void row(String dataset, Object[] values) {
                    if (++n[0] > rows) {
                        throw new IllegalArgumentException("the source went away");
                    }
                    sink.row(dataset, values);
                }

                @Override
                public void delete(String dataset, Object[] values) {
                    sink.delete(dataset, values);
                }

                @Override
                public void checkpoint(String restartPoint) {
                    sink.checkpoint(restartPoint);
                }
            });
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ingest-test-" + UUID.randomUUID());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }

    /** This test's stream's events on datasurface.ingest, in order, as a read_committed consumer sees them. */
    private List<Event> events() {
        List<Event> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(Topics.INGEST).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (node.key().equals(r.key())) {
                        out.add(Json.read(r.value(), Event.class));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The events once {@code ready} holds of them: a committed transaction's markers reach the partitions a
     * moment after commitTransaction returns, so a read_committed consumer may not see them at once.
     */
    private List<Event> eventsOnceVisible(java.util.function.Predicate<List<Event>> ready) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        List<Event> events = events();
        while (!ready.test(events) && java.time.Instant.now().isBefore(deadline)) {
            events = events();
        }
        return events;
    }

    private static boolean sealed(List<Event> events) {
        return events.stream().anyMatch(e -> e instanceof BatchSealed);
    }

    private Map<String, IngestState> states() {
        try (KafkaConsumer<String, String> c = consumer()) {
            return IngestStates.read(c, Duration.ofSeconds(10));
        }
    }

    private static List<RowChunk> chunks(List<Event> events) {
        return events.stream().filter(e -> e instanceof RowChunk).map(e -> (RowChunk) e).toList();
    }

    private List<Integer> ids(List<RowChunk> chunks) {
        RowCodec codec = new RowCodec(node.datasets().get(0).columns());
        List<Integer> ids = new ArrayList<>();
        for (RowChunk chunk : chunks) {
            codec.decode(chunk.payload(), (op, values) -> ids.add((Integer) values[0]));
        }
        return ids;
    }
}

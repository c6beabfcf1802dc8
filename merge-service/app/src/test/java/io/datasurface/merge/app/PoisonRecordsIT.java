package io.datasurface.merge.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.RowCodec;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.SqlNames;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bad records on {@code datasurface.ingest} against the running merge-service: each goes to the dead-letter topic
 * with its reason and coordinates, the stream it belongs to parks (its status says why), and a healthy stream
 * whose records come after it in the same partition still commits. Each test has a platform of its own with two
 * streams: {@code bad} (the one that gets the bad record) and {@code good}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class PoisonRecordsIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<ColumnSpec> COLUMNS = List.of(new ColumnSpec("id", "integer", false, true),
            new ColumnSpec("name", "varchar(50)", true, false));

    String platform;
    IngestionNode bad;
    IngestionNode good;
    KafkaSettings kafka;
    KafkaProducer<String, String> producer;

    @BeforeEach
    void setUp() throws Exception {
        platform = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        bad = stream("bad");
        good = stream("good");
        kafka = KafkaSettings.of(KafkaExtension.broker().bootstrapServers());
        producer = new KafkaProducer<>(kafka.transactionalProducer("poison-" + platform));
        producer.initTransactions();
        PipelineGraph graph = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform),
                null, null, List.of(bad, good), List.of());
        send(Topics.GRAPH, platform, Json.write(new GraphChanged(platform, "v1", "c1", GraphDiff.between(null, graph),
                Instant.now())));
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    private IngestionNode stream(String store) {
        return new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null,
                CaptureType.SQL_SNAPSHOT, "external", null, null, List.of(new DatasetSpec("items",
                SqlNames.mergeTable(store, "items"), SqlNames.stagingTable(store, "items"), null, COLUMNS,
                Fingerprints.of(COLUMNS))));
    }

    @Test
    @DisplayName("a record that is not JSON: dead letter with its coordinates, its stream parks, the other stream commits")
    void notJson() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, bad.key(), "this is not an event");
        sendBatch(good, 1, 5);

        assertDeadLetter(at, bad.key(), "not a valid Event");
        assertParked(bad, "not a valid Event");
        assertCommitted(good, 1, 5);
        assertThat(batchStatus(bad, 1)).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("an event of a type this release does not know: dead letter, its stream parks")
    void unknownType() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, bad.key(), "{\"type\":\"RowChunkV9\",\"stream\":\"" + bad.key() + "\"}");
        sendBatch(good, 1, 3);

        assertDeadLetter(at, bad.key(), "RowChunkV9");
        assertParked(bad, "RowChunkV9");
        assertCommitted(good, 1, 3);
    }

    @Test
    @DisplayName("a record without a key: dead letter, the stream its event names parks")
    void keyless() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, null, Json.write(new BatchSealed(bad.key(), 1,
                List.of(new SealedDataset("items", 0, 0)), null, Instant.now())));
        sendBatch(good, 1, 3);

        assertDeadLetter(at, bad.key(), "without a key");
        assertParked(bad, "without a key");
        assertCommitted(good, 1, 3);
    }

    @Test
    @DisplayName("a chunk whose rows do not decode: dead letter, its batch FAILED, the stream parks; a new snapshot batch takes its place")
    void corruptChunkThenRecovery() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, bad.key(), Json.write(new RowChunk(bad.key(), 1, "items", 0, 3,
                RowCodec.CODEC, "not deflated rows".getBytes(StandardCharsets.UTF_8))));
        sendBatch(good, 1, 4);

        assertDeadLetter(at, bad.key(), "cannot apply RowChunk");
        assertParked(bad, "cannot apply RowChunk");
        assertCommitted(good, 1, 4);
        assertThat(batchStatus(bad, 1)).isEqualTo("FAILED");

        sendBatch(bad, 2, 7); // the next snapshot holds the whole source: it takes the failed batch's place
        assertCommitted(bad, 2, 7);
        assertThat(lastStatus(bad).state()).isEqualTo("MERGING");
        assertThat(lastStatus(bad).message()).isNull();
    }

    @Test
    @DisplayName("a chunk in a codec this merge-service does not read: dead letter, its stream parks")
    void unknownCodec() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, bad.key(), Json.write(new RowChunk(bad.key(), 1, "items", 0, 1,
                "ds-rows-9+brotli", new byte[] {1, 2, 3})));
        sendBatch(good, 1, 2);

        assertDeadLetter(at, bad.key(), "ds-rows-9+brotli");
        assertParked(bad, "ds-rows-9+brotli");
        assertCommitted(good, 1, 2);
    }

    @Test
    @DisplayName("an empty record (a tombstone) on the ingest topic: dead letter, its stream parks")
    void tombstone() throws Exception {
        startBatch(bad, 1);
        RecordMetadata at = send(Topics.INGEST, bad.key(), null);
        sendBatch(good, 1, 2);

        assertDeadLetter(at, bad.key(), "tombstone");
        assertParked(bad, "tombstone");
        assertCommitted(good, 1, 2);
    }

    @Test
    @DisplayName("a record of a stream no graph ever named: dead letter, nothing parks, the partition goes on")
    void unknownStream() throws Exception {
        String stranger = platform + "/stranger";
        RecordMetadata at = send(Topics.INGEST, stranger, Json.write(new BatchStarted(stranger, platform, 1,
                BatchKind.FULL, List.of(), null, Instant.now())));
        sendBatch(good, 1, 2);

        assertDeadLetter(at, null, "is in no platform's graph");
        assertCommitted(good, 1, 2);
    }

    @Test
    @DisplayName("records of a stream the graph retired are skipped without a dead letter")
    void retiredStream() throws Exception {
        PipelineGraph before = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform),
                null, null, List.of(bad, good), List.of());
        PipelineGraph after = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform),
                null, null, List.of(good), List.of());
        send(Topics.GRAPH, platform, Json.write(new GraphChanged(platform, "v2", "c2", GraphDiff.between(before, after),
                Instant.now())));
        RecordMetadata at = send(Topics.INGEST, bad.key(), "not even an event, of a retired stream");
        sendBatch(good, 1, 2);

        assertCommitted(good, 1, 2);
        assertThat(deadLetters(r -> header(r, DeadLetters.TOPIC).equals(at.topic())
                && header(r, DeadLetters.PARTITION).equals(Integer.toString(at.partition()))
                && header(r, DeadLetters.OFFSET).equals(Long.toString(at.offset())))).as("dead letters of it").isEmpty();
        assertThat(lastStatus(bad)).as("the retired stream's status").isNull();
    }

    @Test
    @DisplayName("a GraphChanged without a diff: dead letter from the graph topic, and the merge-service goes on")
    void graphChangedWithoutDiff() throws Exception {
        RecordMetadata at = send(Topics.GRAPH, platform, "{\"type\":\"GraphChanged\",\"platform\":\"" + platform
                + "\",\"modelVersion\":\"v9\"}");
        sendBatch(good, 1, 2);

        assertCommitted(good, 1, 2);
        assertThat(deadLetters(r -> header(r, DeadLetters.TOPIC).equals(Topics.GRAPH)
                && header(r, DeadLetters.OFFSET).equals(Long.toString(at.offset()))))
                .singleElement().satisfies(r -> assertThat(header(r, DeadLetters.REASON)).contains("without a diff"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("datasurface_merge_dead_letters_total"))
                .body(containsString("datasurface_merge_streams_parked"));
    }

    // ------------------------------------------------------------------ records

    private void startBatch(IngestionNode node, long batchId) throws Exception {
        send(Topics.INGEST, node.key(), Json.write(started(node, batchId)));
    }

    private BatchStarted started(IngestionNode node, long batchId) {
        return new BatchStarted(node.key(), platform, batchId, BatchKind.FULL,
                List.of(new DatasetSchema("items", node.datasets().get(0).fingerprint())), null, Instant.now());
    }

    /** A whole FULL batch of {@code rows} rows, in one transaction, on partition 0 like every record here. */
    private void sendBatch(IngestionNode node, long batchId, int rows) throws Exception {
        RowCodec.Encoder encoder = new RowCodec(COLUMNS).encoder();
        for (int i = 1; i <= rows; i++) {
            encoder.add(RowCodec.UPSERT, new Object[] {i, "item " + i});
        }
        producer.beginTransaction();
        record(node.key(), Json.write(started(node, batchId)));
        record(node.key(), Json.write(new RowChunk(node.key(), batchId, "items", 0, rows, RowCodec.CODEC,
                encoder.finish())));
        record(node.key(), Json.write(new BatchSealed(node.key(), batchId, List.of(new SealedDataset("items", 1, rows)),
                null, Instant.now())));
        producer.commitTransaction();
    }

    private void record(String key, String value) {
        producer.send(new ProducerRecord<>(Topics.INGEST, 0, key, value));
    }

    /** One record in a transaction of its own (partition 0 of the ingest topic); where it went. */
    private RecordMetadata send(String topic, String key, String value) throws Exception {
        producer.beginTransaction();
        var sent = producer.send(new ProducerRecord<>(topic, 0, key, value));
        producer.commitTransaction();
        return sent.get();
    }

    // ------------------------------------------------------------------ what the merge-service did

    private void assertDeadLetter(RecordMetadata at, String stream, String reason) {
        List<ConsumerRecord<String, String>> letters = await(() -> deadLetters(r ->
                header(r, DeadLetters.TOPIC).equals(at.topic())
                        && header(r, DeadLetters.PARTITION).equals(Integer.toString(at.partition()))
                        && header(r, DeadLetters.OFFSET).equals(Long.toString(at.offset()))), l -> !l.isEmpty());
        ConsumerRecord<String, String> letter = letters.get(0);
        assertThat(header(letter, DeadLetters.SERVICE)).isEqualTo("datasurface-merge-service");
        assertThat(header(letter, DeadLetters.REASON)).contains(reason);
        if (stream != null) {
            assertThat(header(letter, DeadLetters.STREAM)).isEqualTo(stream);
        }
    }

    private void assertParked(IngestionNode node, String reason) {
        StreamStatus status = await(() -> lastStatus(node), s -> s != null && "PARKED".equals(s.state()));
        assertThat(status.service()).isEqualTo(StreamStatus.MERGE);
        assertThat(status.message()).contains(reason);
    }

    private void assertCommitted(IngestionNode node, long batchId, int rows) throws SQLException {
        await(() -> committed(node, batchId), Optional::isPresent);
        assertThat(query("SELECT count(*) FROM " + SqlNames.schema(platform) + "." + node.datasets().get(0).mergeTable()))
                .containsExactly(List.of((long) rows));
    }

    private Optional<BatchCommitted> committed(IngestionNode node, long batchId) {
        return events(Topics.BATCHES).stream().filter(e -> e instanceof BatchCommitted).map(e -> (BatchCommitted) e)
                .filter(b -> b.stream().equals(node.key()) && b.batchId() == batchId).findFirst();
    }

    private StreamStatus lastStatus(IngestionNode node) {
        return events(Topics.STREAM_STATUS).stream().filter(e -> e instanceof StreamStatus s
                && s.stream().equals(node.key()) && s.fromMerge()).map(e -> (StreamStatus) e)
                .reduce((a, b) -> b).orElse(null);
    }

    private String batchStatus(IngestionNode node, long batchId) throws SQLException {
        List<List<Object>> rows = query("SELECT status FROM " + SqlNames.schema(platform) + ".batches WHERE stream = '"
                + node.key() + "' AND batch_id = " + batchId);
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    private List<Event> events(String topic) {
        List<Event> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : read(topic)) {
            try {
                out.add(Json.read(r.value(), Event.class));
            } catch (RuntimeException notAnEvent) {
                // other tests' bad records
            }
        }
        return out;
    }

    private List<ConsumerRecord<String, String>> deadLetters(Predicate<ConsumerRecord<String, String>> which) {
        return read(Topics.DEAD_LETTERS).stream().filter(r -> r.headers().lastHeader(DeadLetters.TOPIC) != null)
                .filter(which).toList();
    }

    /** Every record of a topic's partitions, from their start. */
    private List<ConsumerRecord<String, String>> read(String topic) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(kafka.consumer("poison-it"))) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(Callable<T> what, Predicate<? super T> done) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(what, done);
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = PostgresExtension.server().connect(EmbeddedInfrastructure.MERGE_DB);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}

package io.datasurface.merge.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.SqlNames;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The merge-service fed by real ingest steps (a JDBC snapshot of an H2 source, written to the embedded
 * broker by the ingest step) and merging into the embedded PostgreSQL. Each test has a platform of its own.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MergeServiceIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    String platform;
    IngestionNode node;
    Connection source;
    KafkaProducer<String, String> producer;
    Optional<IngestState> state = Optional.empty();

    @BeforeEach
    void setUp() throws Exception {
        platform = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        source = DriverManager.getConnection("jdbc:h2:mem:" + platform + ";DB_CLOSE_DELAY=-1");
        sql("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50))");
        sql("INSERT INTO items SELECT x, 'item ' || x FROM system_range(1, 3000)");
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "integer", false, true),
                new ColumnSpec("name", "varchar(50)", true, false));
        node = new IngestionNode(IngestionNode.keyOf(platform, "shop", null), platform, "shop", null, CaptureType.SQL_SNAPSHOT,
                "external", null, null, List.of(new DatasetSpec("items", SqlNames.mergeTable("shop", "items"),
                SqlNames.stagingTable("shop", "items"), null, columns, Fingerprints.of(columns))));
        producer = transactionalProducer();
    }

    @AfterEach
    void tearDown() throws SQLException {
        producer.close();
        source.close();
    }

    @Test
    void ingestedBatchesAreMergedAndAnnounced() throws Exception {
        publishGraph(false);
        ingest(); // batch 1: 3,000 rows in 3 chunks over several steps
        await().atMost(WAIT).until(() -> merged().size() == 3000);
        BatchCommitted first = awaitCommitted(1);
        assertThat(first.datasets()).singleElement().satisfies(d -> assertThat(d.inserted()).isEqualTo(3000));

        sql("UPDATE items SET name = 'renamed' WHERE id = 7");
        sql("DELETE FROM items WHERE id > 2990");
        ingest(); // batch 2
        BatchCommitted second = awaitCommitted(2);
        assertThat(second.datasets()).singleElement().satisfies(d -> {
            assertThat(d.updated()).isEqualTo(1);
            assertThat(d.deleted()).isEqualTo(10);
        });
        assertThat(merged()).hasSize(2990).contains(List.of(7, "renamed"));

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("datasurface_merge_batches_total"));
    }

    @Test
    void aForensicPlatformKeepsEveryVersion() throws Exception {
        publishGraph(true);
        ingest();
        awaitCommitted(1);
        sql("UPDATE items SET name = 'v2' WHERE id = 1");
        ingest();
        awaitCommitted(2);
        assertThat(query("SELECT name, ds_surf_batch_in, ds_surf_batch_out FROM " + platform
                + ".shop_items_merge WHERE id = 1 ORDER BY ds_surf_batch_in"))
                .containsExactly(List.of("item 1", 1, 1), List.of("v2", 2, Integer.MAX_VALUE));
    }

    /**
     * Runs last: the bad batch's record is tried again and again (it can never merge), which holds up its
     * partition for any test after it.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("health never shows row values: a duplicate key's values stay out of the merge-service's lastError (issue 11)")
    void healthNamesAFailureWithoutTheDataItIsAbout() throws Exception {
        publishGraph(false);
        ingest();
        awaitCommitted(1);
        sql("ALTER TABLE items DROP PRIMARY KEY");
        sql("INSERT INTO items VALUES (8675309, 'first'), (8675309, 'second')");
        ingest(); // batch 2, a snapshot holding key 8675309 twice: it cannot commit

        String health = await().atMost(WAIT).until(() -> given().get("/q/health/ready").asString(),
                h -> h.contains("more than once"));
        assertThat(health).contains("the snapshot holds a key (id) more than once").doesNotContain("8675309");
    }

    // ------------------------------------------------------------------ helpers

    private void publishGraph(boolean forensic) throws Exception {
        ExportNode export = new ExportNode(ExportNode.keyOf(platform, "ws", "g", "shop", "items"), platform, "ws", "g",
                "shop", "items", "PROVISIONED", node.key(), SqlNames.mergeTable("shop", "items"),
                SqlNames.view(platform, "ws", "g", "items"),
                forensic ? SqlNames.historyView(platform, "ws", "g", "items") : null, node.datasets().get(0).fingerprint());
        PipelineGraph graph = new PipelineGraph(platform, "yellow", forensic ? Milestoning.FORENSIC : Milestoning.LIVE_ONLY,
                SqlNames.schema(platform), null, null, List.of(node), List.of(export));
        GraphChanged changed = new GraphChanged(platform, "v1", "c1", GraphDiff.between(null, graph), Instant.now());
        try (KafkaProducer<String, String> p = plainProducer()) {
            p.send(new ProducerRecord<>(Topics.GRAPH, changed.key(), Json.write(changed))).get();
        }
    }

    /** Ingest steps of 1 chunk each until the batch is sealed. */
    private void ingest() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (SnapshotReader reader = new SnapshotReader(node, reopen(), 1000)) {
                KafkaIngestStep.Result r = new KafkaIngestStep(producer, platform, node, 1000, Clock.systemUTC())
                        .run(state, reader, 1);
                assertThat(r.outcome()).as(String.valueOf(r.message())).isNotEqualTo(IngestOutcome.ERROR);
                state = Optional.of(r.state());
                if (r.outcome() == IngestOutcome.DONE) {
                    return;
                }
            }
        }
        throw new AssertionError("the batch was not sealed in 20 steps");
    }

    private Connection reopen() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + platform + ";DB_CLOSE_DELAY=-1");
    }

    private void sql(String sql) throws SQLException {
        try (Statement s = source.createStatement()) {
            s.execute(sql);
        }
    }

    private List<List<Object>> merged() throws SQLException {
        try {
            return query("SELECT id, name FROM " + platform + ".shop_items_merge ORDER BY id");
        } catch (SQLException e) {
            return List.of(); // not made yet
        }
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

    private BatchCommitted awaitCommitted(long batchId) {
        Instant deadline = Instant.now().plus(WAIT);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(Topics.BATCHES, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (Json.read(r.value(), Event.class) instanceof BatchCommitted b && b.stream().equals(node.key())
                            && b.batchId() == batchId) {
                        return b;
                    }
                }
            }
        }
        throw new AssertionError("no BatchCommitted for " + node.key() + " batch " + batchId + " within " + WAIT);
    }

    private static KafkaProducer<String, String> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ingest-" + UUID.randomUUID());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }
}

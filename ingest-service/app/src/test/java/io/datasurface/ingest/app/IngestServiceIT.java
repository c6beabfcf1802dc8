package io.datasurface.ingest.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.StreamTrigger;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.ContainerSpec;
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
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ingest-service reading a real PostgreSQL source into the embedded broker; each test has a platform of its own. */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class IngestServiceIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    EmbeddedPostgresServer pg = PostgresExtension.server();
    String platform;
    String database;
    IngestionNode node;

    @BeforeEach
    void setUp() throws Exception {
        platform = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        database = "src_" + platform;
        pg.createDatabase(database);
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "integer", false, true),
                new ColumnSpec("name", "varchar(50)", true, false));
        node = new IngestionNode(IngestionNode.keyOf(platform, "shop", null), platform, "shop", null, CaptureType.SQL_SNAPSHOT,
                "external", new ContainerSpec("postgres", "127.0.0.1", pg.port(), database, null),
                EmbeddedInfrastructure.CREDENTIAL, List.of(new DatasetSpec("items", SqlNames.mergeTable("shop", "items"),
                SqlNames.stagingTable("shop", "items"), null, columns, Fingerprints.of(columns))));
    }

    @Test
    void aTriggeredStreamIsReadIntoSealedBatches() throws Exception {
        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50));"
                + "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 2500) i");
        publishGraph();
        awaitStream("WAITING");

        admin().post("/streams/" + platform + "/shop/trigger").then().statusCode(202);
        BatchSealed sealed = awaitSealed(1);
        assertThat(sealed.datasets()).singleElement().satisfies(d -> {
            assertThat(d.rows()).isEqualTo(2500);
            assertThat(d.chunks()).isEqualTo(3);
        });
        await().atMost(WAIT).until(() -> "DONE".equals(view().get("lastOutcome")));
        assertThat(view()).as("a single instance runs every stream").containsEntry("runHere", true)
                .containsEntry("state", "WAITING").containsEntry("batch", 1).containsEntry("batchOpen", false)
                .containsEntry("batchRows", 2500);

        // a StreamTrigger event does the same
        source("UPDATE items SET name = 'x' WHERE id = 1");
        publish(Topics.TRIGGERS, new StreamTrigger(platform, node.key(), "test", Instant.now()));
        assertThat(awaitSealed(2).datasets().get(0).rows()).isEqualTo(2500);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("datasurface_ingest_batches_total"));
    }

    @Test
    void aFailingStreamIsParkedUntilReset() throws Exception {
        publishGraph(); // its source has no table yet
        awaitStream("WAITING");
        admin().post("/streams/" + platform + "/shop/trigger").then().statusCode(202);
        await().atMost(WAIT).until(() -> "PARKED".equals(view().get("state")));
        assertThat((String) view().get("lastMessage")).contains("items");
        admin().post("/streams/" + platform + "/shop/trigger").then().statusCode(409)
                .body("error", containsString("reset it first"));

        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50)); INSERT INTO items VALUES (1, 'a')");
        admin().post("/streams/" + platform + "/shop/reset").then().statusCode(200);
        assertThat(awaitSealed(1).datasets().get(0).rows()).isEqualTo(1);
    }

    @Test
    void aCdcStreamSendsItsSnapshotThenTheChangesByItselfDropsItsSlotWhenRetiredAndStartsAgainWithASnapshot() throws Exception {
        // its text[] column goes through the text-form converter, which Debezium loads by name inside the service
        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50), tags text[]);"
                + "INSERT INTO items SELECT i, 'item ' || i, ARRAY['a,b', NULL] FROM generate_series(1, 1500) i");
        List<ColumnSpec> columns = new java.util.ArrayList<>(node.datasets().get(0).columns());
        columns.add(new ColumnSpec("tags", "text[]", true, false));
        node = new IngestionNode(node.key(), platform, "shop", null, CaptureType.CDC, "external", node.source(), node.credential(),
                List.of(new DatasetSpec("items", SqlNames.mergeTable("shop", "items"), SqlNames.stagingTable("shop", "items"),
                        null, columns, Fingerprints.of(columns))));
        PipelineGraph graph = publishGraph();
        BatchSealed snapshot = awaitSealed(1);
        assertThat(snapshot.datasets().get(0).rows()).isEqualTo(1500);
        assertThat(snapshot.sourcePosition()).contains("lsn");

        source("BEGIN; INSERT INTO items VALUES (2001, 'new', '{x}'); UPDATE items SET name = 'changed' WHERE id = 1;"
                + " DELETE FROM items WHERE id = 2; COMMIT");
        BatchSealed changes = awaitSealed(2);
        assertThat(changes.datasets().get(0).rows()).as("two rows and a delete").isEqualTo(3);
        assertThat(view().get("state")).as("a cdc stream never waits for a trigger").isIn("QUEUED", "RUNNING");
        assertThat(slots()).hasSize(1);

        publish(Topics.GRAPH, new GraphChanged(platform, "v2", "c2", GraphDiff.between(graph,
                new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform), null, null, List.of(),
                        List.of())), Instant.now()));
        await().atMost(WAIT).until(() -> slots().isEmpty());

        // back in the model: the batch numbering goes on (as the merge store expects), with a new snapshot
        publish(Topics.GRAPH, new GraphChanged(platform, "v3", "c3", GraphDiff.between(
                new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform), null, null, List.of(),
                        List.of()), graph), Instant.now()));
        assertThat(awaitSealed(3).datasets().get(0).rows()).isEqualTo(1500);
    }

    @Test
    void anUnknownStreamIs404() {
        admin().post("/streams/nope/shop/trigger").then().statusCode(404).body("error", containsString("nope/shop"));
        admin().post("/streams/nope/shop/reset").then().statusCode(404);
        admin().post("/streams/nope/shop/restart").then().statusCode(404);
    }

    @Test
    @DisplayName("a cdc stream restarted (after the merge-service parked it) sends a new snapshot as its next batch")
    void aRestartedCdcStreamSendsANewSnapshot() throws Exception {
        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50));"
                + "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 40) i");
        node = new IngestionNode(node.key(), platform, "shop", null, CaptureType.CDC, "external", node.source(),
                node.credential(), node.datasets());
        publishGraph();
        awaitSealed(1);
        source("INSERT INTO items VALUES (41, 'new')");
        assertThat(awaitSealed(2).datasets().get(0).rows()).isEqualTo(1);

        admin().post("/streams/" + platform + "/shop/restart").then().statusCode(202)
                .body("status", containsString("whole source"));
        source("INSERT INTO items VALUES (42, 'newer')"); // the stream goes on at once: this may come in any batch
        BatchSealed again = awaitSealed(3);
        assertThat(awaitStarted(3).kind()).as("batch 3").isEqualTo(BatchKind.FULL);
        assertThat(again.datasets().get(0).rows()).as("the whole table").isGreaterThanOrEqualTo(41);
    }

    @Test
    @DisplayName("records that hold no event on the graph and trigger topics go to the dead-letter topic; the service goes on")
    void badRecordsOnTheTopicsItFollowsAreDeadLettered() throws Exception {
        publishRaw(Topics.GRAPH, platform, "{\"type\":\"GraphChanged\",\"platform\":\"" + platform + "\"}");
        publishRaw(Topics.TRIGGERS, node.key(), "trigger it, please");
        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50)); INSERT INTO items VALUES (1, 'a')");
        publishGraph();
        awaitStream("WAITING");
        admin().post("/streams/" + platform + "/shop/trigger").then().statusCode(202);
        assertThat(awaitSealed(1).datasets().get(0).rows()).isEqualTo(1);

        await().atMost(WAIT).until(() -> deadLetterReasons(platform).size() + deadLetterReasons(node.key()).size() >= 2);
        assertThat(deadLetterReasons(platform)).anySatisfy(r -> assertThat(r).contains("without a diff"));
        assertThat(deadLetterReasons(node.key())).anySatisfy(r -> assertThat(r).contains("not a valid Event"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("datasurface_ingest_dead_letters_total"));
    }

    @Test
    @DisplayName("the ingest-service's admin endpoints need the admin token: 401 with WWW-Authenticate otherwise, nothing done (issue 11)")
    void adminEndpointsNeedTheAdminToken() throws Exception {
        source("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50)); INSERT INTO items VALUES (1, 'one')");
        publishGraph();
        awaitStream("WAITING");
        String trigger = "/streams/" + platform + "/shop/trigger";
        for (RequestSpecification caller : List.of(given(), given().header("Authorization", "Bearer not-the-admin-token"),
                given().header("Authorization", EmbeddedInfrastructure.ADMIN_TOKEN),
                given().header("Authorization", "Basic " + EmbeddedInfrastructure.ADMIN_TOKEN))) {
            caller.post(trigger).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer realm="))
                    .body("error", containsString("admin token"));
        }
        given().post("/streams/" + platform + "/shop/reset").then().statusCode(401);
        given().get("/streams").then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token-of-some-length").get("/streams").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error", equalTo("the admin token is wrong"));
        assertThat(view().get("steps")).as("no step ran").isEqualTo(0);

        admin().post(trigger).then().statusCode(202);
        assertThat(awaitSealed(1).datasets().get(0).rows()).isEqualTo(1);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    // ------------------------------------------------------------------ helpers

    /** A request with the admin token. */
    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + EmbeddedInfrastructure.ADMIN_TOKEN);
    }

    private void source(String sql) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> slots() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT slot_name FROM pg_replication_slots WHERE database = '"
                     + database + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private PipelineGraph publishGraph() throws Exception {
        ExportNode export = new ExportNode(ExportNode.keyOf(platform, "ws", "g", "shop", "items"), platform, "ws", "g",
                "shop", "items", "PROVISIONED", node.key(), SqlNames.mergeTable("shop", "items"),
                SqlNames.view(platform, "ws", "g", "items"), null, node.datasets().get(0).fingerprint());
        PipelineGraph graph = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform), null, null,
                List.of(node), List.of(export));
        publish(Topics.GRAPH, new GraphChanged(platform, "v1", "c1", GraphDiff.between(null, graph), Instant.now()));
        return graph;
    }

    private static void publish(String topic, Event event) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, event.key(), Json.write(event))).get();
        }
    }

    private static void publishRaw(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaSettings.of(KafkaExtension.broker().bootstrapServers()).producer("ingest-it"))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The reasons of the dead letters of records with this key. */
    private static List<String> deadLetterReasons(String key) {
        return DeadLetters.read(KafkaSettings.of(KafkaExtension.broker().bootstrapServers())).stream().filter(l -> key.equals(l.key()))
                .map(DeadLetters.Letter::reason).toList();
    }

    private void awaitStream(String state) {
        await().atMost(WAIT).until(() -> state.equals(view().get("state")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> view() {
        List<Map<String, Object>> all = admin().get("/streams").jsonPath().getList("$");
        Optional<Map<String, Object>> mine = all.stream().filter(v -> node.key().equals(v.get("stream"))).findFirst();
        return mine.orElse(Map.of());
    }

    private BatchSealed awaitSealed(long batchId) {
        return awaitEvent(BatchSealed.class, batchId, BatchSealed::batchId);
    }

    private BatchStarted awaitStarted(long batchId) {
        return awaitEvent(BatchStarted.class, batchId, BatchStarted::batchId);
    }

    /** The stream's first event of this type and batch on the ingest topic. */
    private <T extends Event> T awaitEvent(Class<T> type, long batchId, ToLongFunction<T> idOf) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Instant deadline = Instant.now().plus(WAIT);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition(Topics.INGEST, 0), new TopicPartition(Topics.INGEST, 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    Event e = Json.read(r.value(), Event.class);
                    if (node.key().equals(r.key()) && type.isInstance(e) && idOf.applyAsLong(type.cast(e)) == batchId) {
                        return type.cast(e);
                    }
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " of " + node.key() + " batch " + batchId + " within "
                + WAIT);
    }
}

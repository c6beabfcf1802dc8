package io.datasurface.view.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view-service against the embedded broker and PostgreSQL, driven by events the test publishes.
 * Each test works on platforms of its own (the mvp example's, renamed), so tests do not see each other.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ViewServiceIT {
    static final Path MVP = Path.of("../../docs/examples/mvp");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void viewsAppearWhenTheFirstBatchOfTheirStreamCommits() throws Exception {
        Platforms p = platforms();
        PipelineGraph graph = p.graph(p.live);
        publish(new GraphChanged(p.live, "v1", "c1", GraphDiff.between(null, graph), Instant.now()));

        ViewsReconciled failed = awaitEvent(p.live, e -> !e.failed().isEmpty());
        assertThat(failed.failed()).extracting(f -> f.view()).contains(p.live + "_analytics_live_customers_view");
        assertThat(failed.failed().get(0).reason()).contains("does not exist");

        createMergeTables(graph, Milestoning.LIVE_ONLY);
        publish(new BatchCommitted(p.live, p.live + "/customers", 1, BatchKind.FULL, List.of(), null, Instant.now(),
                Instant.now()));
        // the retry is 10 s away: views made well before it were made because the batch committed
        ViewsReconciled made = awaitEvent(p.live, e -> e.created().size() == 2, Duration.ofSeconds(7));
        assertThat(made.created()).containsExactlyInAnyOrder(p.live + "_analytics_live_customers_view",
                p.live + "_analytics_live_addresses_view");
        assertThat(views(p.live)).containsExactly(p.live + "_analytics_live_addresses_view",
                p.live + "_analytics_live_customers_view");
    }

    @Test
    void aFailedViewIsRetriedWithoutAnotherEvent() throws Exception {
        Platforms p = platforms();
        PipelineGraph graph = p.graph(p.forensic);
        publish(new GraphChanged(p.forensic, "v1", "c1", GraphDiff.between(null, graph), Instant.now()));
        awaitEvent(p.forensic, e -> !e.failed().isEmpty());

        createMergeTables(graph, Milestoning.FORENSIC); // no event says so: the retry finds them
        await().atMost(WAIT).until(() -> views(p.forensic).size() == 4);
        assertThat(views(p.forensic)).contains(p.forensic + "_analytics_audit_customers_view_history");
    }

    @Test
    void aGraphChangeThatRemovesAnExportDropsItsViews() throws Exception {
        Platforms p = platforms();
        PipelineGraph before = p.graph(p.live);
        createMergeTables(before, Milestoning.LIVE_ONLY);
        publish(new GraphChanged(p.live, "v1", "c1", GraphDiff.between(null, before), Instant.now()));
        await().atMost(WAIT).until(() -> views(p.live).size() == 2);

        p.edit("dsg_platform_mapping.json", "\"" + p.live + "\", \"status\": \"PROVISIONED\"",
                "\"" + p.live + "\", \"status\": \"DECOMMISSIONED\"");
        PipelineGraph after = p.graph(p.live);
        publish(new GraphChanged(p.live, "v2", "c2", GraphDiff.between(before, after), Instant.now()));
        ViewsReconciled dropped = awaitEvent(p.live, e -> e.dropped().size() == 2);
        assertThat(dropped.failed()).isEmpty();
        assertThat(views(p.live)).isEmpty();
    }

    @Test
    @DisplayName("a GraphChanged without a diff and a batch record that is not an event go to the dead-letter topic; views are still made")
    void badRecordsAreDeadLetteredAndTheServiceGoesOn() throws Exception {
        Platforms p = platforms();
        publishRaw(Topics.GRAPH, p.live, "{\"type\":\"GraphChanged\",\"platform\":\"" + p.live + "\"}");
        publishRaw(Topics.BATCHES, p.live + "/customers", "{\"type\":\"BatchCommitted\",\"stream\":");
        PipelineGraph graph = p.graph(p.live);
        createMergeTables(graph, Milestoning.LIVE_ONLY);
        publish(new GraphChanged(p.live, "v1", "c1", GraphDiff.between(null, graph), Instant.now()));
        awaitEvent(p.live, e -> e.created().size() == 2);

        await().atMost(WAIT).until(() -> deadLetterReasons(p.live).size() + deadLetterReasons(p.live + "/customers")
                .size() >= 2);
        assertThat(deadLetterReasons(p.live)).anySatisfy(r -> assertThat(r).contains("without a diff"));
        assertThat(deadLetterReasons(p.live + "/customers")).anySatisfy(r -> assertThat(r).contains("not a valid Event"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("datasurface_views_dead_letters_total"));
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        Platforms p = platforms();
        PipelineGraph graph = p.graph(p.live);
        createMergeTables(graph, Milestoning.LIVE_ONLY);
        publish(new GraphChanged(p.live, "v1", "c1", GraphDiff.between(null, graph), Instant.now()));
        awaitEvent(p.live, e -> e.created().size() == 2);

        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("datasurface_views_total{action=\"created\""))
                .body(containsString("datasurface_views_reconciliations_total"));
    }

    // ------------------------------------------------------------------ fixtures

    /** A copy of the mvp model whose two platforms have names no other test uses. */
    final class Platforms {
        final String live;
        final String forensic;
        final Path model;

        Platforms(String id) throws IOException {
            live = "l" + id;
            forensic = "f" + id;
            model = copy(MVP, tmp.resolve("model"));
            edit("ecosystem.yaml", "yellow_live", live);
            edit("ecosystem.yaml", "yellow_forensic", forensic);
            edit("dsg_platform_mapping.json", "yellow_live", live);
            edit("dsg_platform_mapping.json", "yellow_forensic", forensic);
        }

        void edit(String file, String from, String to) throws IOException {
            Path f = model.resolve(file);
            String text = Files.readString(f);
            assertThat(text).contains(from);
            Files.writeString(f, text.replace(from, to));
        }

        PipelineGraph graph(String platform) {
            LoadResult loaded = Linter.validate(model);
            assertThat(loaded.hasErrors()).as(loaded.problems().toString()).isFalse();
            return GraphBuilder.build(loaded.model(), platform);
        }
    }

    private Platforms platforms() throws IOException {
        return new Platforms(UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** The merge tables (and batches table) the merge engine would make for the graph's streams. */
    private static void createMergeTables(PipelineGraph graph, Milestoning milestoning) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            MergeTables tables = new MergeTables(new PostgresDialect(17), c);
            tables.ensureSchema(graph.schema());
            for (IngestionNode stream : graph.streams()) {
                for (var dataset : stream.datasets()) {
                    tables.prepare(DatasetTables.of(graph.schema(), dataset), milestoning);
                }
            }
            c.commit();
        }
    }

    private static Connection connect() throws SQLException {
        return PostgresExtension.server().connect(EmbeddedInfrastructure.MERGE_DB);
    }

    private static List<String> views(String platform) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT viewname FROM pg_views WHERE schemaname = 'public' AND viewname LIKE '"
                     + platform + "\\_%' ORDER BY viewname")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void publish(Event event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            String topic = event instanceof GraphChanged ? Topics.GRAPH : Topics.BATCHES;
            producer.send(new ProducerRecord<>(topic, event.key(), Json.write(event))).get();
        }
    }

    private static void publishRaw(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaSettings.of(KafkaExtension.broker().bootstrapServers()).producer("view-it"))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The reasons of the dead letters of records with this key. */
    private static List<String> deadLetterReasons(String key) {
        return DeadLetters.read(KafkaSettings.of(KafkaExtension.broker().bootstrapServers())).stream().filter(l -> key.equals(l.key()))
                .map(DeadLetters.Letter::reason).toList();
    }

    /** Waits for a ViewsReconciled of the platform that matches, reading the topic from the beginning. */
    private static ViewsReconciled awaitEvent(String platform, java.util.function.Predicate<ViewsReconciled> matches) {
        return awaitEvent(platform, matches, WAIT);
    }

    private static ViewsReconciled awaitEvent(String platform, java.util.function.Predicate<ViewsReconciled> matches,
                                              Duration within) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(Topics.VIEWS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Instant deadline = Instant.now().plus(within);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (Json.read(r.value(), Event.class) instanceof ViewsReconciled v && v.platform().equals(platform)
                            && matches.test(v)) {
                        return v;
                    }
                }
            }
        }
        throw new AssertionError("no matching ViewsReconciled for " + platform + " within " + within);
    }
}

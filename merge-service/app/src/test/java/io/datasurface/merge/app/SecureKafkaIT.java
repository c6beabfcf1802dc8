package io.datasurface.merge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.PostgresExtension;
import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.merge.service.MergeSettings;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.SqlNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The pipeline over a broker of its own that speaks only TLS and logs clients in with SASL/SCRAM: a real ingest
 * step (a snapshot of an H2 source) writes a batch, and the merge-service's loop, configured as an operator would
 * configure it (a client properties file named by {@code datasurface.kafka.client-properties-file}), merges it.
 * With a wrong password, the service keeps trying and says what to fix.
 */
class SecureKafkaIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String MERGE_DB = "merge_secure_it";
    static final String PASSWORD = "scram-" + Long.toHexString(System.nanoTime());
    static SecureKafka kafka;
    static Path clientProperties;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        kafka = SecureKafka.start(dir, PASSWORD);
        clientProperties = kafka.clientPropertiesFile(dir, PASSWORD);
        PostgresExtension.server().createDatabase(MERGE_DB);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What the merge-service makes of {@code datasurface.kafka.*} when it names the client properties file. */
    static KafkaConfig config(String bootstrapServers, Path file) {
        return new KafkaConfig() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public Optional<Path> clientPropertiesFile() {
                return Optional.of(file);
            }

            @Override
            public Map<String, String> client() {
                return Map.of();
            }

            @Override
            public Topics topics() {
                return new Topics() {
                    @Override
                    public boolean manage() {
                        return true;
                    }

                    @Override
                    public Optional<Short> replicationFactor() {
                        return Optional.empty();
                    }

                    @Override
                    public Map<String, Integer> partitions() {
                        return Map.of();
                    }
                };
            }
        };
    }

    static MergeLoop mergeLoop(KafkaSettings settings, String group) {
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(PostgresExtension.server().jdbcUrl(MERGE_DB));
        store.setUser(PostgresExtension.server().user());
        store.setPassword(PostgresExtension.server().password());
        return new MergeLoop(settings, new MergeSettings(group, Duration.ofSeconds(10), Optional.empty(),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))), store, Clock.systemUTC());
    }

    @Test
    @DisplayName("a batch written over TLS with a SCRAM login is merged by a merge-service configured the same way")
    void aBatchThroughTlsAndScramIsMerged() throws Exception {
        String platform = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        KafkaSettings settings = KafkaSettings.of(config(kafka.bootstrapServers(), clientProperties));
        MergeLoop loop = mergeLoop(settings, "merge-secure-it");
        loop.start();
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "integer", false, true),
                new ColumnSpec("name", "varchar(50)", true, false));
        IngestionNode node = new IngestionNode(IngestionNode.keyOf(platform, "shop", null), platform, "shop", null,
                CaptureType.SQL_SNAPSHOT, "external", null, null, List.of(new DatasetSpec("items",
                SqlNames.mergeTable("shop", "items"), SqlNames.stagingTable("shop", "items"), null, columns,
                Fingerprints.of(columns))));
        PipelineGraph graph = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY, SqlNames.schema(platform),
                null, null, List.of(node), List.of());
        GraphChanged changed = new GraphChanged(platform, "v1", "c1", GraphDiff.between(null, graph), Instant.now());
        String h2 = "jdbc:h2:mem:" + platform + ";DB_CLOSE_DELAY=-1";
        try (Connection source = h2(h2); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50))");
            s.execute("INSERT INTO items SELECT x, 'item ' || x FROM system_range(1, 250)");
            try (KafkaProducer<String, String> plain = new KafkaProducer<>(settings.producer("secure-it"));
                 KafkaProducer<String, String> tx = new KafkaProducer<>(settings.transactionalProducer("secure-it-"
                         + platform))) {
                plain.send(new ProducerRecord<>(Topics.GRAPH, changed.key(), Json.write(changed))).get();
                tx.initTransactions();
                Optional<IngestState> state = Optional.empty();
                for (int step = 0; step < 10; step++) {
                    try (SnapshotReader reader = new SnapshotReader(node, h2(h2), 100)) {
                        KafkaIngestStep.Result r = new KafkaIngestStep(tx, platform, node, 100, Clock.systemUTC())
                                .run(state, reader, 1);
                        assertThat(r.outcome()).as(String.valueOf(r.message())).isNotEqualTo(IngestOutcome.ERROR);
                        state = Optional.of(r.state());
                        if (r.outcome() == IngestOutcome.DONE) {
                            break;
                        }
                    }
                }
            }
        }
        try {
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(SqlNames.schema(platform) + ".shop_items_merge"), n -> n == 250);
            assertThat(loop.batchesCommitted()).isEqualTo(1);
        } finally {
            loop.stop();
        }
    }

    @Test
    @DisplayName("with a wrong password the merge-service keeps trying and says what to fix, without the password")
    void aWrongPasswordIsAClearError() throws Exception {
        String wrong = "not-the-password-" + UUID.randomUUID();
        MergeLoop loop = mergeLoop(KafkaSettings.of(kafka.bootstrapServers()).with(kafka.clientProperties(wrong)),
                "merge-wrong-password");
        loop.start();
        try {
            String failure = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(loop::lastFailure, f -> f != null);
            assertThat(failure).contains("Kafka refused the service's login")
                    .contains("check the user and password in datasurface.kafka.*").doesNotContain(wrong);
            assertThat(loop.alive()).as("it keeps trying").isTrue();
        } finally {
            loop.stop();
        }
    }

    /** Straight to the driver: after a Quarkus test in the same JVM, DriverManager may not see it. */
    private static Connection h2(String url) throws SQLException {
        return new org.h2.Driver().connect(url, new Properties());
    }

    private static long count(String table) {
        try (Connection c = PostgresExtension.server().connect(MERGE_DB);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYet) {
            return -1;
        }
    }
}

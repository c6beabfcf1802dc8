package io.datasurface.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.StreamTrigger;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.SqlNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two ingest-service and two merge-service instances on one platform of twelve snapshot streams, the source
 * changing and every stream triggered twice a second. One instance of each runs in a process of its own and is
 * killed with SIGKILL mid-load: what a crash does (no group left, transactions left open, connections dropped).
 * The streams of the killed ingest instance must go on from the survivor within the session timeout (plus a
 * margin for the rebalance, the fencing and the state read), no batch may be written twice or skipped (the
 * committed ingest topic has each stream's batches 1..n once each, each batch's chunks once each — two instances
 * running a stream at once would both start its next batch), and the merged tables must equal the sources.
 */
@ExtendWith(KafkaExtension.class)
class SharedStreamsIT {
    static final Duration SESSION = Duration.ofSeconds(10);
    static final int STREAMS = 12;
    static final int ROWS = 120;
    static final Path LOGS = Path.of("target/shared-streams-it");

    static IngestSettings ingestSettings(String instance, String group, String platform) {
        return new IngestSettings(instance, 4, 4, 1, 40, Set.of(platform), group, SESSION, 2);
    }

    @Test
    @DisplayName("an ingest and a merge instance killed mid-load: their streams move to the survivors within the"
            + " session timeout, no batch lost or written twice, the merged tables equal the sources")
    void killedInstancesStreamsMoveToTheSurvivors(EmbeddedKafka kafka) throws Exception {
        EmbeddedPostgresServer pg = PostgresExtension.server();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String platform = "sh" + id;
        String sourceDb = "src_" + platform;
        String mergeDb = "mrg_" + platform;
        pg.createDatabase(sourceDb);
        pg.createDatabase(mergeDb);
        for (int i = 0; i < STREAMS; i++) {
            sql(pg, sourceDb, "CREATE TABLE t" + i + " (id integer PRIMARY KEY, v integer);"
                    + "INSERT INTO t" + i + " SELECT g, g FROM generate_series(1, " + ROWS + ") g");
        }
        Path secrets = Files.createTempDirectory("secrets");
        Files.createDirectories(secrets.resolve("src"));
        Files.writeString(secrets.resolve("src").resolve("user"), pg.user());
        Files.writeString(secrets.resolve("src").resolve("password"), pg.password());
        String credentials = "file:" + secrets;
        List<IngestionNode> nodes = nodes(platform, pg, sourceDb);
        List<String> keys = nodes.stream().map(IngestionNode::key).toList();

        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        TopicAdmin.ensure(settings, KafkaTopics.NAMES, "shared-streams-it");
        String ingestGroup = "ingest-" + id;
        String mergeGroup = "merge-" + id;
        Files.createDirectories(LOGS);
        List<Process> children = new ArrayList<>();
        IngestLoop ingestA = new IngestLoop(settings, ingestSettings("a", ingestGroup, platform),
                CredentialStore.parse(credentials), Clock.systemUTC());
        MergeLoop mergeA = ServiceChild.mergeLoop(settings, "ma", mergeGroup, pg.jdbcUrl(mergeDb), pg.user(),
                pg.password());
        try (IngestLog log = new IngestLog(settings, platform);
             KafkaProducer<String, String> producer = new KafkaProducer<>(settings.producer("shared-streams-it"))) {
            Process ingestB = child(children, "ingest-b", "ingest", kafka.bootstrapServers(), "b", ingestGroup,
                    platform, credentials);
            Process mergeB = child(children, "merge-b", "merge", kafka.bootstrapServers(), "mb", mergeGroup,
                    pg.jdbcUrl(mergeDb), pg.user(), pg.password());
            ingestA.start();
            mergeA.start();
            PipelineGraph graph = new PipelineGraph(platform, "yellow", Milestoning.LIVE_ONLY,
                    SqlNames.schema(platform), null, null, nodes, List.of());
            producer.send(new ProducerRecord<>(Topics.GRAPH, platform, Json.write(new GraphChanged(platform, "v1", "c1",
                    GraphDiff.between(null, graph), Instant.now())))).get();

            Load load = new Load(pg, sourceDb, producer, platform, keys);
            load.start();
            // both ingest instances run some of the streams, and every stream has sealed batches
            awaitUntil("both ingest instances run streams and every stream sealed two batches",
                    Duration.ofSeconds(150), () -> {
                        long here = keys.stream().filter(ingestA::runsHere).count();
                        return here > 0 && here < STREAMS && keys.stream().allMatch(k -> log.sealed(k).size() >= 2)
                                && ingestB.isAlive();
                    });
            List<String> ofB = keys.stream().filter(k -> !ingestA.runsHere(k)).toList();

            Instant killed = Instant.now();
            ingestB.destroyForcibly();
            mergeB.destroyForcibly();
            assertThat(ingestB.waitFor(10, TimeUnit.SECONDS) && mergeB.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Duration margin = Duration.ofSeconds(30); // rebalance, fencing, the state read, a step
            awaitUntil("the killed instance's streams " + ofB + " seal batches on the survivor",
                    SESSION.plus(margin), () -> keys.stream().allMatch(ingestA::runsHere)
                            && ofB.stream().allMatch(k -> log.sealed(k).stream().anyMatch(s -> s.isAfter(killed))));
            System.out.printf("streams of the killed instance sealing again after %s%n",
                    Duration.between(killed, Instant.now()));
            // every stream keeps producing batches
            Instant later = Instant.now();
            awaitUntil("every stream seals batches after the move", Duration.ofSeconds(60),
                    () -> keys.stream().allMatch(k -> log.sealed(k).stream().anyMatch(s -> s.isAfter(later))));

            load.stop();
            awaitUntil("the merged tables equal the sources", Duration.ofSeconds(120), () -> {
                load.triggerAll(); // after the last change: the next batch of each stream reads the final source
                return IntStream.range(0, STREAMS).allMatch(i -> rows(pg, sourceDb, "t" + i)
                        .equals(rows(pg, mergeDb, SqlNames.schema(platform) + "."
                                + SqlNames.mergeTable("st" + i, "t" + i))));
            });
            assertThat(load.changes()).as("source changes made during the run").isGreaterThan(50);

            for (String k : keys) {
                log.assertEachBatchOnce(k);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
            ingestA.stop();
            mergeA.stop();
        }
    }

    private static List<IngestionNode> nodes(String platform, EmbeddedPostgresServer pg, String database) {
        List<ColumnSpec> columns = List.of(new ColumnSpec("id", "integer", false, true),
                new ColumnSpec("v", "integer", true, false));
        List<IngestionNode> nodes = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            String store = "st" + i;
            String dataset = "t" + i;
            nodes.add(new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null,
                    CaptureType.SQL_SNAPSHOT, "external", new ContainerSpec("postgres", "127.0.0.1", pg.port(),
                    database, null), "src", List.of(new DatasetSpec(dataset, SqlNames.mergeTable(store, dataset),
                    SqlNames.stagingTable(store, dataset), null, columns, Fingerprints.of(columns)))));
        }
        return nodes;
    }

    private static Process child(List<Process> children, String name, String... args) throws Exception {
        Path out = LOGS.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), ServiceChild.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        children.add(p);
        awaitUntil(name + " started (its output: " + out + ")", Duration.ofSeconds(60),
                () -> p.isAlive() && read(out).contains("started"));
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Polls until the condition holds; fails naming what was awaited when the time is up. */
    static void awaitUntil(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.sleep(200); // polling interval, not a wait for a result
        }
    }

    static void sql(EmbeddedPostgresServer pg, String db, String statements) {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(statements);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The table's (id, v) rows in key order; empty when it does not exist yet. */
    static List<List<Integer>> rows(EmbeddedPostgresServer pg, String db, String table) {
        List<List<Integer>> out = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, v FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(List.of(rs.getInt(1), rs.getInt(2)));
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    /** Changes the source tables (inserts, updates, deletes) and triggers every stream, until stopped. */
    static final class Load implements Runnable {
        private final EmbeddedPostgresServer pg;
        private final String db;
        private final KafkaProducer<String, String> producer;
        private final String platform;
        private final List<String> streams;
        private final Random random = new Random(7);
        private final Thread thread = new Thread(this, "shared-streams-load");
        private volatile boolean running = true;
        private volatile int changes;

        Load(EmbeddedPostgresServer pg, String db, KafkaProducer<String, String> producer, String platform,
             List<String> streams) {
            this.pg = pg;
            this.db = db;
            this.producer = producer;
            this.platform = platform;
            this.streams = streams;
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        int changes() {
            return changes;
        }

        void triggerAll() {
            for (String s : streams) {
                producer.send(new ProducerRecord<>(Topics.TRIGGERS, s, Json.write(new StreamTrigger(platform, s,
                        "shared-streams-it", Instant.now()))));
            }
        }

        @Override
        public void run() {
            for (long round = 0; running; round++) {
                String table = "t" + random.nextInt(STREAMS);
                int key = 1 + random.nextInt(ROWS * 2);
                sql(pg, db, switch (random.nextInt(3)) {
                    case 0 -> "INSERT INTO " + table + " VALUES (" + key + ", " + round + ") ON CONFLICT (id) DO"
                            + " UPDATE SET v = EXCLUDED.v";
                    case 1 -> "UPDATE " + table + " SET v = v + 1 WHERE id % 7 = " + (key % 7);
                    default -> "DELETE FROM " + table + " WHERE id = " + key;
                });
                changes++;
                if (round % 5 == 0) {
                    triggerAll();
                }
                try {
                    Thread.sleep(100); // the pace of the load
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}

package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.Topics;
import io.datasurface.model.json.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /streams}: the ingest, batches and stream-status events of a stream, published as the ingest-,
 * merge- and ingest-service publish them, show up as its status. The topics are made only here, after the
 * service started, as on a fresh broker; the table must pick them up.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class StreamStatusResourceIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<DatasetSchema> SCHEMAS = List.of(new DatasetSchema("customers", "c1"),
            new DatasetSchema("addresses", "a1"));

    @Test
    void aStreamsBatchesAndSchedulerStateAreShownAndAnAbortedTransactionIsNot() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.INGEST, 4);
        kafka.createTopic(Topics.BATCHES, 1);
        kafka.createTopic(Topics.STREAM_STATUS, 1);
        String id = UUID.randomUUID().toString().substring(0, 8);
        String crm = "yellow_live/crm_" + id;
        String aborted = "yellow_live/aborted_" + id;
        String forensic = "yellow_forensic/crm_" + id;
        Instant started = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        Instant committed = started.plusSeconds(4);

        try (KafkaProducer<String, String> tx = producer(kafka, "it-ingest-" + id);
             KafkaProducer<String, String> plain = producer(kafka, null)) {
            tx.initTransactions();
            inTransaction(tx, new BatchStarted(crm, "yellow_live", 1, BatchKind.FULL, SCHEMAS, null, started),
                    new RowChunk(crm, 1, "customers", 0, 1000, "ds-rows-1+deflate", new byte[64 * 1024]),
                    new RowChunk(crm, 1, "addresses", 0, 200, "ds-rows-1+deflate", new byte[1024]),
                    new BatchSealed(crm, 1, List.of(new SealedDataset("customers", 1, 1000),
                            new SealedDataset("addresses", 1, 200)), "xmin:1", started.plusSeconds(2)));
            // the merge-service announces without the start time: it comes from the batch's BatchStarted
            send(plain, Topics.BATCHES, new BatchCommitted("yellow_live", crm, 1, BatchKind.FULL,
                    List.of(new DatasetCounts("customers", 1000, 0, 0, 1000), new DatasetCounts("addresses", 190, 0, 0, 200)),
                    "xmin:1", null, committed));
            send(plain, Topics.STREAM_STATUS, new StreamStatus("yellow_live", crm, "PARKED",
                    "cannot connect to crm: connection refused", 2, Instant.now(), StreamStatus.INGEST));
            send(plain, Topics.STREAM_STATUS, new StreamStatus("yellow_forensic", forensic, "WAITING", null, 0,
                    Instant.now(), StreamStatus.INGEST));
            inTransaction(tx, new BatchStarted(crm, "yellow_live", 2, BatchKind.DELTA, SCHEMAS, "xmin:1",
                    started.plusSeconds(10)));
            tx.beginTransaction();
            send(tx, Topics.INGEST, new BatchStarted(crm, "yellow_live", 3, BatchKind.FULL, SCHEMAS, "xmin:1",
                    Instant.now()));
            send(tx, Topics.INGEST, new BatchStarted(aborted, "yellow_live", 1, BatchKind.FULL, SCHEMAS, null,
                    Instant.now()));
            tx.flush();
            tx.abortTransaction();
            // after the aborted batch 3 in the same partition: seen only if batch 3 was skipped
            inTransaction(tx, new BatchSealed(crm, 2, List.of(new SealedDataset("customers", 1, 40)), "xmin:2",
                    started.plusSeconds(11)));
        }

        JsonPath one = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/streams/" + crm)
                                .then().extract(),
                        r -> r.statusCode() == 200 && r.jsonPath().get("openBatch.rowsSealed") != null
                                && r.jsonPath().get("state") != null)
                .jsonPath();
        assertThat(one.getString("platform")).isEqualTo("yellow_live");
        assertThat(one.getString("stream")).isEqualTo(crm);
        assertThat(one.getString("state")).isEqualTo("PARKED");
        assertThat(one.getString("message")).isEqualTo("cannot connect to crm: connection refused");
        assertThat(one.getLong("openBatch.batchId")).isEqualTo(2);
        assertThat(one.getString("openBatch.kind")).isEqualTo("DELTA");
        assertThat(one.getLong("openBatch.rowsSealed")).isEqualTo(40);
        assertThat(one.getLong("lastCommitted.batchId")).isEqualTo(1);
        assertThat(one.getString("lastCommitted.kind")).isEqualTo("FULL");
        assertThat(one.getLong("lastCommitted.rows")).isEqualTo(1200);
        assertThat(one.getList("lastCommitted.datasets.dataset")).containsExactly("customers", "addresses");
        assertThat(one.getLong("lastCommitted.datasets[1].inserted")).isEqualTo(190);
        assertThat(Instant.parse(one.getString("lastCommitted.startedAt"))).isEqualTo(started);
        assertThat(Instant.parse(one.getString("lastCommitted.committedAt"))).isEqualTo(committed);
        assertThat(one.getLong("lastCommitted.durationMs")).isEqualTo(4000);
        assertThat(one.getDouble("lastCommitted.rowsPerSecond")).isEqualTo(300.0);
        assertThat(one.getLong("batchesCommitted")).isEqualTo(1);
        assertThat(one.getLong("lagMs")).isGreaterThanOrEqualTo(30_000);

        // open to all, but why a stream is parked (it may name the source's address) only with the admin token
        JsonPath anyone = given().get("/streams/" + crm).then().statusCode(200).extract().jsonPath();
        assertThat(anyone.getString("state")).isEqualTo("PARKED");
        assertThat(anyone.getString("message")).isNull();

        JsonPath all = Awaitility.await().atMost(WAIT).until(() -> given().get("/streams").then().statusCode(200)
                .extract().jsonPath(), j -> j.getList("stream", String.class).contains(forensic));
        List<String> streams = all.getList("stream", String.class);
        assertThat(streams).contains(crm, forensic).doesNotContain(aborted).isSorted();
        assertThat(all.getList("message")).containsOnlyNulls();
        assertThat(given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/streams").jsonPath()
                .getList("message")).contains("cannot connect to crm: connection refused");
        given().get("/streams/" + aborted).then().statusCode(404);
        given().get("/streams/no_platform/no_stream").then().statusCode(404);
    }

    @Test
    @DisplayName("a stream the merge-service parked shows PARKED with its reason until the merge-service says it goes on; "
            + "a record the table cannot read goes to the dead-letter topic")
    void aStreamTheMergeServiceParkedShowsWhy() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String crm = "yellow_live/merge_parked_" + id;
        Instant t = Instant.now().minusSeconds(5);
        try (KafkaProducer<String, String> plain = producer(kafka, null)) {
            send(plain, Topics.STREAM_STATUS, new StreamStatus("yellow_live", crm, "PARKED",
                    "cannot apply RowChunk: ZipException", 0, t, StreamStatus.MERGE));
            send(plain, Topics.STREAM_STATUS, new StreamStatus("yellow_live", crm, "RUNNING", null, 3, t.plusSeconds(1),
                    StreamStatus.INGEST));
            plain.send(new ProducerRecord<>(Topics.STREAM_STATUS, crm, "{\"type\":\"StreamStatus\",\"stream\":"));
        }
        JsonPath parked = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/streams/" + crm).then()
                        .extract(), r -> r.statusCode() == 200 && "PARKED".equals(r.jsonPath().getString("state")))
                .jsonPath();
        assertThat(parked.getString("message")).isEqualTo("merge-service: cannot apply RowChunk: ZipException");

        try (KafkaProducer<String, String> plain = producer(kafka, null)) {
            send(plain, Topics.STREAM_STATUS, new StreamStatus("yellow_live", crm, "MERGING", null, 0, t.plusSeconds(2),
                    StreamStatus.MERGE));
        }
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/streams/" + crm).jsonPath().getString("state"), "RUNNING"::equals);
        Awaitility.await().atMost(WAIT).until(() -> deadLetterServices(kafka, crm),
                l -> l.contains("model-service-stream-status"));
    }

    /** The services named by the dead letters of records with this key. */
    private static List<String> deadLetterServices(EmbeddedKafka kafka, String key) {
        return DeadLetters.read(KafkaSettings.of(kafka.bootstrapServers())).stream().filter(l -> key.equals(l.key()))
                .map(DeadLetters.Letter::service).toList();
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }

    private static void inTransaction(KafkaProducer<String, String> tx, Event... events) {
        tx.beginTransaction();
        for (Event e : events) {
            send(tx, Topics.INGEST, e);
        }
        tx.commitTransaction();
    }

    private static void send(KafkaProducer<String, String> producer, String topic, Event e) {
        producer.send(new ProducerRecord<>(topic, e.key(), Json.write(e)));
    }
}

package io.datasurface.ingest.kafka;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KafkaIngestStepTest {
    @Test
    @DisplayName("regression: a step asked to stop (its partition was given up) ends at its next chunk, keeping what"
            + " it committed and aborting the rest, so giving a partition up need not wait for it")
    void aStepAskedToStopEndsAtItsNextChunk() throws Exception {
        MockProducer<String, String> producer = transactionalProducer();
        KafkaIngestStep.Result r = stepOverItems("shopstop", producer, () -> producer.commitCount() >= 1);
        assertThat(r.outcome()).as(String.valueOf(r.message())).isEqualTo(IngestOutcome.KEEP_WORKING);
        assertThat(r.producerBroken()).isFalse();
        assertThat(r.state().rows()).containsEntry("items", 1_000L);
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.transactionAborted()).isTrue();
    }

    @Test
    @DisplayName("regression: the stream's state is the last record of each transaction, so a long transaction"
            + " holds back readers of datasurface.ingest-state only while it commits")
    void theStateIsSentLastInEachTransaction() throws Exception {
        MockProducer<String, String> producer = transactionalProducer();
        KafkaIngestStep.Result r = stepOverItems("shoplast", producer, () -> false);
        assertThat(r.outcome()).as(String.valueOf(r.message())).isEqualTo(IngestOutcome.DONE);
        List<ProducerRecord<String, String>> sent = producer.history();
        assertThat(sent.get(0).topic()).isEqualTo(Topics.INGEST); // BatchStarted
        assertThat(sent.get(1).topic()).as("no state right after BatchStarted").isEqualTo(Topics.INGEST);
        assertThat(sent.stream().filter(p -> p.topic().equals(Topics.INGEST_STATE)))
                .as("one state per transaction").hasSize((int) producer.commitCount());
        assertThat(sent.get(sent.size() - 1).topic()).isEqualTo(Topics.INGEST_STATE);
    }

    private static MockProducer<String, String> transactionalProducer() {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    /** One step of a snapshot stream over a table of 2,500 items, in chunks of 1,000, at most 10 of them. */
    private static KafkaIngestStep.Result stepOverItems(String stream, MockProducer<String, String> producer,
            BooleanSupplier stop) throws Exception {
        SourceDb source = SourceDb.h2Memory();
        IngestionNode node = Streams.snapshot(stream).dataset("items", key("id", "integer"),
                col("name", "varchar(50)")).node();
        source.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(50))");
        source.insert("items", IntStream.rangeClosed(1, 2_500).mapToObj(i -> List.<Object>of(i, "item " + i)).toList());
        try (Connection c = source.connect(); SnapshotReader reader = new SnapshotReader(node, c, 1_000)) {
            return new KafkaIngestStep(producer, "test-platform", node, 1_000, Clock.systemUTC(), stop)
                    .run(Optional.empty(), reader, 10);
        }
    }
}

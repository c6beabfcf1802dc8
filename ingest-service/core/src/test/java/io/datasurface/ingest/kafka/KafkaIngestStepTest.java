package io.datasurface.ingest.kafka;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
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

    @Test
    @DisplayName("the reader is told the batch it reads before it is asked its kind: the next after a sealed one, the"
            + " same for an open one, 1 for the first")
    void theReaderIsToldTheBatchBeforeItsKind() throws Exception {
        MockProducer<String, String> producer = transactionalProducer();
        IngestionNode node = Streams.snapshot("shoptold").dataset("items", key("id", "integer")).node();
        List<String> asked = new ArrayList<>();
        BatchSource reader = new BatchSource() {
            @Override
            public BatchKind kind() {
                asked.add("kind");
                return BatchKind.FULL;
            }

            @Override
            public void opening(long batchId) {
                asked.add("opening " + batchId);
            }

            @Override
            public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
                return ReadOutcome.finished(null);
            }

            @Override
            public void close() {
            }
        };
        KafkaIngestStep step = new KafkaIngestStep(producer, "test-platform", node, 1_000, Clock.systemUTC());
        IngestState first = step.run(Optional.empty(), reader, 10).state();
        assertThat(asked.get(0)).isEqualTo("opening 1");
        assertThat(asked).contains("kind");
        asked.clear();
        step.run(Optional.of(first), reader, 10);
        assertThat(asked.get(0)).as("after sealed batch 1").isEqualTo("opening 2");
        IngestState open = new IngestState(first.stream(), first.platform(), 5, true, BatchKind.FULL, first.datasets(),
                null, null, null, java.util.Map.of(), java.util.Map.of());
        asked.clear();
        step.run(Optional.of(open), reader, 10);
        assertThat(asked.get(0)).as("an open batch 5 goes on").isEqualTo("opening 5");
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

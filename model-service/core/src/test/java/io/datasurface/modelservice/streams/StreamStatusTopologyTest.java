package io.datasurface.modelservice.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.kafka.DeadLetters;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.Topics;
import io.datasurface.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class StreamStatusTopologyTest {
    static final String KEY = StreamProgressTest.KEY;

    @Test
    void rowChunksAreRecognisedByTheirFirstBytes() {
        RowChunk chunk = new RowChunk(KEY, 1, "customers", 0, 10, "ds-rows-1+deflate", new byte[100]);
        assertThat(StreamStatusTopology.isRowChunk(bytes(chunk))).isTrue();
        assertThat(StreamStatusTopology.isRowChunk(bytes(StreamProgressTest.started(1, 0)))).isFalse();
        assertThat(StreamStatusTopology.parse(KEY, bytes(chunk))).isEmpty();
    }

    @Test
    void aRecordThatIsNotAnEventOrIsKeyedOtherwiseIsUnreadable() {
        assertThatThrownBy(() -> StreamStatusTopology.parse(KEY, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StreamStatusTopology.Unreadable.class).hasMessageStartingWith("not an event");
        assertThatThrownBy(() -> StreamStatusTopology.parse("yellow_live/other", bytes(StreamProgressTest.started(1, 0))))
                .isInstanceOf(StreamStatusTopology.Unreadable.class)
                .hasMessage("a record keyed yellow_live/other holds an event of " + KEY);
    }

    @Test
    void theThreeTopicsMeetInOneRowPerStream() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(StreamStatusTopology.build(), p)) {
            TestInputTopic<String, byte[]> ingest = input(driver, Topics.INGEST);
            TestInputTopic<String, byte[]> batches = input(driver, Topics.BATCHES);
            TestInputTopic<String, byte[]> status = input(driver, Topics.STREAM_STATUS);
            ingest.pipeInput(KEY, bytes(StreamProgressTest.started(1, 0)));
            ingest.pipeInput(KEY, bytes(new RowChunk(KEY, 1, "customers", 0, 999, "c", new byte[10])));
            ingest.pipeInput(KEY, bytes(StreamProgressTest.sealed(1, 1000)));
            batches.pipeInput(KEY, bytes(StreamProgressTest.committed(1, 10)));
            ingest.pipeInput(KEY, bytes(StreamProgressTest.started(2, 30)));
            status.pipeInput(KEY, bytes(new StreamStatus("yellow_live", KEY, "PARKED", "boom", 2,
                    StreamProgressTest.T0.plusSeconds(31), StreamStatus.INGEST)));
            ingest.pipeInput("yellow_live/addresses", "not an event".getBytes(StandardCharsets.UTF_8));
            TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(Topics.DEAD_LETTERS,
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
            var letter = dead.readRecord();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
            assertThat(header(letter.headers(), DeadLetters.TOPIC)).isEqualTo(Topics.INGEST);
            assertThat(header(letter.headers(), DeadLetters.STREAM)).isEqualTo("yellow_live/addresses");
            assertThat(header(letter.headers(), DeadLetters.REASON)).startsWith("not an event");
            assertThat(dead.isEmpty()).as("only the record that is not an event").isTrue();

            KeyValueStore<String, StreamProgress> store = driver.getKeyValueStore(StreamStatusTopology.STORE);
            assertThat(store.approximateNumEntries()).isEqualTo(1);
            StreamProgress row = store.get(KEY);
            assertThat(row.platform()).isEqualTo("yellow_live");
            assertThat(row.state()).isEqualTo("PARKED");
            assertThat(row.message()).isEqualTo("boom");
            assertThat(row.openBatch().batchId()).isEqualTo(2);
            assertThat(row.openBatch().kind()).isEqualTo(BatchKind.FULL);
            assertThat(row.lastCommitted().batchId()).isEqualTo(1);
            assertThat(row.lastCommitted().rows()).isEqualTo(1000);
            assertThat(row.lastCommitted().rowsPerSecond()).isEqualTo(100.0);
            assertThat(row.batchesCommitted()).isEqualTo(1);
        }
    }

    private static TestInputTopic<String, byte[]> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Event e) {
        return Json.write(e).getBytes(StandardCharsets.UTF_8);
    }
}

package io.datasurface.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamPartitionsTest {
    /** Where these streams were when the mapping was made: instances of every release must agree. */
    static final int PINNED_CUSTOMERS = 8;
    static final int PINNED_ITEMS = 4;

    @Test
    @DisplayName("a stream's partition never changes between instances or releases (pinned values)")
    void stable() {
        assertThat(StreamPartitions.of("yellow_live/customers", 12)).isEqualTo(PINNED_CUSTOMERS);
        assertThat(StreamPartitions.of("yellow_live/orders/items", 12)).isEqualTo(PINNED_ITEMS);
        assertThat(StreamPartitions.of("yellow_live/customers", 1)).isZero();
    }

    @Test
    @DisplayName("a stream is where Kafka's default partitioner would put a record keyed by it")
    void asKafkaPlacesAKey() {
        for (int i = 0; i < 500; i++) {
            String stream = "p" + (i % 7) + "/store_" + i;
            assertThat(StreamPartitions.of(stream, 12)).as(stream)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(stream.getBytes(StandardCharsets.UTF_8), 12));
        }
    }

    @Test
    @DisplayName("1,200 streams over 12 partitions: none has less than half or more than one and a half its share")
    void spreads() {
        int[] counts = new int[12];
        IntStream.range(0, 1200).forEach(i -> counts[StreamPartitions.of("platform/source_" + i, 12)]++);
        assertThat(IntStream.of(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(50, 150));
    }

    @Test
    void noPartitionsIsRefused() {
        assertThatThrownBy(() -> StreamPartitions.of("p/s", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

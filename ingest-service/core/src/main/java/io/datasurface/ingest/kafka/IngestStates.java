package io.datasurface.ingest.kafka;

import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads back every stream's last committed {@link IngestState} from {@code datasurface.ingest-state}. */
public final class IngestStates {
    private IngestStates() {
    }

    /**
     * Reads up to where the topic ends for a {@code read_committed} consumer now.
     *
     * @param consumer a {@code read_committed} consumer of strings, not subscribed to anything; left assigned
     * @return the newest state of each stream, by stream key
     */
    public static Map<String, IngestState> read(Consumer<String, String> consumer, Duration timeout) {
        List<TopicPartition> partitions = partitions(consumer, timeout);
        return read(consumer, consumer.endOffsets(partitions, timeout), timeout);
    }

    /**
     * Reads until the consumer's position is at {@code until} in every partition. Given the topic's high watermarks
     * (its end for a {@code read_uncommitted} reader), this waits for every transaction open before them to end, so
     * that a state committed after a transaction of another stream that was still open is not missed.
     *
     * @param consumer a {@code read_committed} consumer of strings, not subscribed to anything; left assigned
     * @param until    where to read to, by partition of {@code datasurface.ingest-state}
     * @return the newest state of each stream, by stream key
     * @throws DatasurfaceException (retriable) when the end is not reached within {@code timeout}
     */
    public static Map<String, IngestState> read(Consumer<String, String> consumer, Map<TopicPartition, Long> until,
                                                Duration timeout) {
        List<TopicPartition> partitions = List.copyOf(until.keySet());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, IngestState> states = new HashMap<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < until.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new DatasurfaceException("the streams' states on " + Topics.INGEST_STATE
                        + " were not read within "
                        + timeout + ": a Kafka transaction on it stays open", true);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    states.remove(r.key()); // a retired stream
                } else {
                    states.put(r.key(), Json.read(r.value(), IngestState.class));
                }
            }
        }
        return states;
    }

    /** The partitions of {@code datasurface.ingest-state}. */
    public static List<TopicPartition> partitions(Consumer<String, String> consumer, Duration timeout) {
        return consumer.partitionsFor(Topics.INGEST_STATE, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}

package io.datasurface.ingest.kafka;

import io.datasurface.model.event.Topics;
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
     * @param consumer a {@code read_committed} consumer of strings, not subscribed to anything; left assigned
     * @return the newest state of each stream, by stream key
     */
    public static Map<String, IngestState> read(Consumer<String, String> consumer, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGEST_STATE, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<String, IngestState> states = new HashMap<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
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
}

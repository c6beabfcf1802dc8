package io.datasurface.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one topic of the system must be made: its partitions and the topic settings the services rely on.
 *
 * @param name       the topic
 * @param partitions how many partitions it is made with (an existing topic keeps its own count)
 * @param compacted  whether the topic keeps the newest record of each key ({@code cleanup.policy=compact})
 *                   rather than records younger than {@code retention}
 * @param retention  how long records are kept; empty for ever (only for topics that are not compacted)
 */
public record TopicSpec(String name, int partitions, boolean compacted, Optional<Duration> retention) {
    public TopicSpec {
        if (compacted && retention.isPresent()) {
            throw new IllegalArgumentException(name + ": a compacted topic keeps each key's newest record, not a time");
        }
    }

    static TopicSpec deleting(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, false, Optional.of(retention));
    }

    static TopicSpec forever(String name, int partitions) {
        return new TopicSpec(name, partitions, false, Optional.empty());
    }

    static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true, Optional.empty());
    }

    /** The same topic with another partition count. */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, compacted, retention);
    }

    /**
     * The topic settings, as Kafka names them: {@code cleanup.policy}, {@code retention.ms} ({@code -1} for ever)
     * when not compacted, and {@code max.message.bytes} large enough for the largest record a service writes.
     */
    public Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", compacted ? "compact" : "delete");
        if (!compacted) {
            c.put("retention.ms", Long.toString(retention.map(Duration::toMillis).orElse(-1L)));
        }
        c.put("max.message.bytes", Integer.toString(KafkaSettings.MAX_RECORD_BYTES));
        return c;
    }
}

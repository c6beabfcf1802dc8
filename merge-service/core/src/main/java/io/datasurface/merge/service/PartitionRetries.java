package io.datasurface.merge.service;

import io.datasurface.model.fault.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A record that failed is tried again: its partition goes back to it and pauses, longer after each failure in a
 * row ({@link Backoff}), while the other partitions go on.
 */
final class PartitionRetries {
    private final Consumer<String, String> consumer;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private final Map<TopicPartition, Integer> failures = new HashMap<>();

    PartitionRetries(Consumer<String, String> consumer, Backoff backoff, Clock clock) {
        this.consumer = consumer;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Goes back to the record at {@code offset} and pauses its partition; returns for how long. */
    Duration fail(TopicPartition tp, long offset) {
        Duration wait = backoff.delay(failures.merge(tp, 1, Integer::sum));
        consumer.seek(tp, offset);
        consumer.pause(List.of(tp));
        pausedUntil.put(tp, clock.instant().plus(wait));
        return wait;
    }

    /** A record of the partition was applied: the next failure waits the shortest time again. */
    void succeeded(TopicPartition tp) {
        failures.remove(tp);
    }

    /** Resumes the partitions whose pause is over. */
    void resumeDue() {
        Instant now = clock.instant();
        pausedUntil.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            if (consumer.assignment().contains(e.getKey())) {
                consumer.resume(List.of(e.getKey()));
            }
            return true;
        });
    }

    /** The partitions went to another member. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pausedUntil::remove);
    }
}

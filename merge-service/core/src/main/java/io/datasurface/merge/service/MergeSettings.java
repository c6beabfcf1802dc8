package io.datasurface.merge.service;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.fault.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the merge-service consumes {@code datasurface.ingest}.
 *
 * <p>In the consumer group, a process that died without leaving (kill -9, a lost machine) keeps its partitions
 * until its session times out: a merge-service started again waits that long before it merges anything (Kafka's
 * default of 45 s). So the session timeout is short ({@code sessionTimeout}, 10 s by default), and an instance
 * with a name of its own ({@code instance}) joins as a static member, which takes its partitions back at once
 * when it starts again.
 *
 * @param consumerGroup  the consumer group: instances in one group share the partitions of the ingest topic
 * @param sessionTimeout how long the group waits for a member that stopped without leaving
 * @param instance       the instance's name, when it has one: it makes the member static
 * @param retry          the wait before a record that failed is tried again
 * @param threads        how many merges run at once (each with a merge store connection of its own)
 */
public record MergeSettings(String consumerGroup, Duration sessionTimeout, Optional<String> instance, Backoff retry,
                            int threads) {
    /** How many merges run at once unless told. */
    public static final int THREADS = 4;

    public MergeSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("the merge-service needs at least one merge thread, not " + threads);
        }
    }

    public MergeSettings(String consumerGroup, Duration sessionTimeout, Optional<String> instance, Backoff retry) {
        this(consumerGroup, sessionTimeout, instance, retry, THREADS);
    }

    /** The group consumer of the ingest topic. */
    Properties groupConsumer(KafkaSettings kafka, String clientId) {
        Properties p = kafka.consumer(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
        // well under the session timeout, so that a live member never times out between heartbeats
        long heartbeat = Math.max(100, Math.min(3_000, sessionTimeout.toMillis() / 3));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeat));
        instance.filter(i -> !i.isBlank())
                .ifPresent(i -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "datasurface-merge-" + i.strip()));
        return p;
    }
}

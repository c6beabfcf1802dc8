package io.datasurface.merge.app;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The settings of the merge-service's consumers. In the consumer group, a process that died without
 * leaving (kill -9, a lost machine) keeps its partitions until its session times out: a merge-service
 * started again waits that long before it merges anything (Kafka's default of 45 s). So the session
 * timeout is short ({@code datasurface.merge.session-timeout}, 10 s), and an instance with a name of its
 * own ({@code datasurface.merge.instance}) joins as a static member, which takes its partitions back at
 * once when it starts again.
 */
final class IngestConsumerSettings {
    private IngestConsumerSettings() {
    }

    /**
     * @param group    the consumer group; null for a consumer that is assigned its partitions (no group)
     * @param instance the instance's name, when it has one: it makes the member static
     */
    static Properties of(String bootstrapServers, String group, Duration sessionTimeout, Optional<String> instance) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
            // well under the session timeout, so that a live member never times out between heartbeats
            long heartbeat = Math.max(100, Math.min(3_000, sessionTimeout.toMillis() / 3));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeat));
            instance.filter(i -> !i.isBlank())
                    .ifPresent(i -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "datasurface-merge-" + i.strip()));
        }
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "datasurface-merge-service" + (group == null ? "-graphs" : ""));
        return p;
    }
}

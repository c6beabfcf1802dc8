package io.datasurface.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How every service reaches Kafka ({@code datasurface.kafka.*}, the same keys in each service). Turned into
 * client properties by {@link KafkaSettings#of(KafkaConfig)}.
 */
@ConfigMapping(prefix = "datasurface.kafka")
public interface KafkaConfig {
    /** The brokers, {@code host:port[,host:port...]}. */
    @WithDefault("localhost:9092")
    String bootstrapServers();

    /**
     * A Kafka client properties file, as Kafka's own tools take with {@code --command-config}: {@code
     * security.protocol}, {@code ssl.*}, {@code sasl.*} and any other client setting, for every client of
     * the service. The place for secrets such as {@code sasl.jaas.config}: mount it, readable by the service only.
     */
    Optional<Path> clientPropertiesFile();

    /**
     * Kafka client settings for every client of the service, by their Kafka names, e.g.
     * {@code datasurface.kafka.client."security.protocol"=SSL}; they win over the same keys in
     * {@link #clientPropertiesFile()}.
     */
    Map<String, String> client();

    /** The system's topics ({@link KafkaTopics}). */
    Topics topics();

    interface Topics {
        /**
         * Whether the services make missing topics and set right the settings they rely on; false where topics are
         * managed elsewhere (Strimzi KafkaTopic resources, a platform team): then the services only check them.
         */
        @WithDefault("true")
        boolean manage();

        /** Replicas of each topic the services make; the brokers' default when unset. */
        Optional<Short> replicationFactor();

        /** Partitions of a topic the services make, by topic, e.g. {@code partitions."datasurface.ingest"=12}. */
        Map<String, Integer> partitions();
    }
}

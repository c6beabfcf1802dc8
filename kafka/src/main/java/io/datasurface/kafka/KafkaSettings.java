package io.datasurface.kafka;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The properties of every Kafka client the services make: the brokers and the operator's client settings
 * (security, timeouts, ...) first, then what the service needs of that kind of client (serializers,
 * read_committed, transactions), which the operator's settings cannot change. {@link #toString()} names
 * the settings given, never their values: they can hold passwords.
 */
public final class KafkaSettings {
    /** The largest record a service writes or reads: a large model's first graph change, a chunk of rows. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    /**
     * How the services treat the system's topics: make and set them right ({@code manage}), with this many replicas
     * (the brokers' default when empty) and these partition counts by topic.
     */
    public record TopicSettings(boolean manage, Optional<Short> replicationFactor, Map<String, Integer> partitions) {
        public TopicSettings {
            partitions = Map.copyOf(partitions);
        }

        /** Managed, with the brokers' replication and the default partitions. */
        public static TopicSettings managed() {
            return new TopicSettings(true, Optional.empty(), Map.of());
        }
    }

    private final String bootstrapServers;
    private final Map<String, String> client;
    private final TopicSettings topics;

    private KafkaSettings(String bootstrapServers, Map<String, String> client, TopicSettings topics) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new DatasurfaceException("no Kafka brokers given: set datasurface.kafka.bootstrap-servers", false);
        }
        this.bootstrapServers = bootstrapServers.strip();
        this.client = Map.copyOf(client);
        this.topics = topics;
    }

    /** Plain connections to these brokers, no other client setting; topics managed by the services. */
    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of(), TopicSettings.managed());
    }

    /**
     * The brokers and client settings of a service's configuration.
     *
     * @throws DatasurfaceException (not retriable) when the client properties file cannot be read
     */
    public static KafkaSettings of(KafkaConfig config) {
        Map<String, String> client = new TreeMap<>();
        config.clientPropertiesFile().ifPresent(file -> client.putAll(read(file)));
        client.putAll(config.client());
        KafkaConfig.Topics t = config.topics();
        return new KafkaSettings(config.bootstrapServers(), client,
                new TopicSettings(t.manage(), t.replicationFactor(), t.partitions()));
    }

    /** These settings with more client settings, which win over the ones here. */
    public KafkaSettings with(Map<String, String> more) {
        Map<String, String> client = new TreeMap<>(this.client);
        client.putAll(more);
        return new KafkaSettings(bootstrapServers, client, topics);
    }

    /** These settings with other topic settings. */
    public KafkaSettings with(TopicSettings topics) {
        return new KafkaSettings(bootstrapServers, client, topics);
    }

    public TopicSettings topics() {
        return topics;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The brokers and the operator's settings: for an admin client, or as the base of Kafka Streams' settings. */
    public Properties common(String clientId) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /**
     * A consumer of string events that sees only committed transactions, commits no offsets to Kafka and never
     * creates a topic; without a group (assigned its partitions) unless the caller adds one.
     */
    public Properties consumer(String clientId) {
        Properties p = common(clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        return p;
    }

    /** A producer of string events, each acknowledged by every in-sync replica. */
    public Properties producer(String clientId) {
        Properties p = common(clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        return p;
    }

    /**
     * A transactional producer: its {@code initTransactions} fences every earlier producer of the same id and
     * aborts what it left open.
     */
    public Properties transactionalProducer(String transactionalId) {
        Properties p = producer(transactionalId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return p;
    }

    /** The brokers and the names of the client settings given; never their values. */
    @Override
    public String toString() {
        return "Kafka at " + bootstrapServers + (client.isEmpty() ? "" : " with settings " + client.keySet());
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasurfaceException("cannot read the Kafka client properties file " + file + " ("
                    + e.getClass().getSimpleName() + "); check datasurface.kafka.client-properties-file", false, e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).strip()));
        return out;
    }
}

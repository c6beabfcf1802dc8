package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.model.event.Topics;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The in-JVM broker and clients the pipeline benchmarks share: the ingest topics, 16 MB records. */
final class BenchKafka {
    private static final String MAX_BYTES = Integer.toString(16 << 20);

    private BenchKafka() {
    }

    /** A broker with {@code datasurface.ingest} and {@code datasurface.ingest-state}, one partition each. */
    static EmbeddedKafka start() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(Files.createTempDirectory("bench-kafka"))
                .brokerProperty("message.max.bytes", MAX_BYTES).start();
        kafka.createTopic(Topics.INGEST, 1);
        kafka.createTopic(Topics.INGEST_STATE, 1);
        return kafka;
    }

    /**
     * The producers' compression: the ingest-service's ({@code zstd}) unless {@code -Dbench.compression=…} says
     * otherwise (none, lz4, snappy, gzip), to compare.
     */
    static final String COMPRESSION = System.getProperty("bench.compression", "zstd");

    /** A transactional producer of id {@code bench-PLATFORM}, transactions initialised; {@code extra} settings on top. */
    static KafkaProducer<String, String> producer(EmbeddedKafka kafka, String platform, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + platform);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        p.putAll(extra);
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    /** Bytes the broker holds for {@code datasurface.ingest} (its log on disk, as compressed by the producers). */
    static long ingestBytes(EmbeddedKafka kafka) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    for (var e : dir.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(Topics.INGEST)) {
                            bytes += e.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }

    /** A read_committed consumer of {@code datasurface.ingest}, from its start. */
    static KafkaConsumer<String, String> ingestConsumer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_BYTES);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        TopicPartition tp = new TopicPartition(Topics.INGEST, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }
}

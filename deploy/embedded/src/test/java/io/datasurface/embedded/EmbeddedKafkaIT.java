package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class EmbeddedKafkaIT {

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions(EmbeddedKafka kafka) {
        System.out.println("Shared Kafka broker " + kafka.bootstrapServers() + " started in "
                + kafka.startupTime().toMillis() + " ms");
        String topic = "tx-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);

        try (KafkaProducer<String, String> producer = KafkaRecords.transactionalProducer(kafka)) {
            KafkaRecords.sendInTransaction(producer, topic, true, "a", "b");
            KafkaRecords.sendInTransaction(producer, topic, false, "aborted-1", "aborted-2");
            KafkaRecords.sendInTransaction(producer, topic, true, "c");
        }

        assertThat(KafkaRecords.readCommittedUntil(kafka, topic, "c")).containsExactly("a", "b", "c");
    }

    @Test
    void createTopicIsIdempotent(EmbeddedKafka kafka) throws Exception {
        String topic = "twice-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = KafkaRecords.transactionalProducer(kafka)) {
            KafkaRecords.sendInTransaction(producer, topic, true, "before");
        }

        kafka.createTopic(topic, 2);
        kafka.createTopic(topic, 3);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            assertThat(described.partitions()).as("partitions of the first creation").hasSize(2);
        }
        assertThat(KafkaRecords.readCommittedUntil(kafka, topic, "before")).as("records written before are kept")
                .containsExactly("before");
    }
}

package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

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
    void createTopicIsIdempotent(EmbeddedKafka kafka) {
        String topic = "twice-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        kafka.createTopic(topic, 1);
    }
}

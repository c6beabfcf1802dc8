package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaPersistenceIT {

    @Test
    void committedRecordsSurviveARestartOnTheSameDirectory(@TempDir Path dir) {
        String topic = "durable";
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDirectory(dir).start()) {
            assertThat(first.reusedStorage()).isFalse();
            first.createTopic(topic, 1);
            try (KafkaProducer<String, String> producer = KafkaRecords.transactionalProducer(first)) {
                KafkaRecords.sendInTransaction(producer, topic, true, "kept-1", "kept-2");
                KafkaRecords.sendInTransaction(producer, topic, false, "dropped");
            }
        }

        try (EmbeddedKafka second = EmbeddedKafka.builder().dataDirectory(dir).start()) {
            System.out.println("Kafka broker restarted on existing storage in " + second.startupTime().toMillis() + " ms");
            assertThat(second.reusedStorage()).isTrue();
            assertThat(KafkaRecords.readCommittedUntil(second, topic, "kept-2")).containsExactly("kept-1", "kept-2");
        }
    }
}

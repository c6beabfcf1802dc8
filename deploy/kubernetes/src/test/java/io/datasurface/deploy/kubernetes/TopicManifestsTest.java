package io.datasurface.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed KafkaTopic resources are exactly what {@link KafkaTopics} says. */
class TopicManifestsTest {
    @Test
    void theCommittedTopicsAreWhatKafkaTopicsSays() throws Exception {
        String expected = TopicManifests.render(KafkaTopics.ALL);
        Path file = TopicManifests.FILE;
        if (Boolean.getBoolean("datasurface.topics.write")) {
            Files.writeString(file, expected);
        }
        assertThat(file).as("the production overlay's topics").exists();
        assertThat(Files.readString(file))
                .as(file + " differs from KafkaTopics: write it again as its first lines say")
                .isEqualTo(expected);
    }

    @Test
    void everyTopicHasItsPartitionsAndTheSettingsTheServicesRelyOn() {
        String yaml = TopicManifests.render(KafkaTopics.ALL);
        for (var t : KafkaTopics.ALL) {
            assertThat(yaml).contains("  topicName: " + t.name() + "\n  partitions: " + t.partitions() + "\n");
        }
        assertThat(yaml).contains("max.message.bytes: 16777216").contains("cleanup.policy: compact")
                .contains("retention.ms: -1");
    }
}

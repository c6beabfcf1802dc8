package io.datasurface.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The system's topics on a broker of their own (the shared one's topics are other tests' business): made as
 * {@link KafkaTopics} says, set right, or — where the services may not manage topics — refused with what to change.
 */
class TopicAdminIT {

    private static Config config(EmbeddedKafka kafka, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return kafka.admin().describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    }

    private static void set(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        kafka.admin().incrementalAlterConfigs(Map.of(r, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void missingTopicsAreMadeWithTheSettingsTheServicesRelyOn() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers()).with(new KafkaSettings.TopicSettings(
                    true, Optional.empty(), Map.of(Topics.INGEST, 6)));
            TopicAdmin.ensure(settings, KafkaTopics.NAMES, "topic-admin-it");

            assertThat(kafka.admin().listTopics().names().get()).containsAll(KafkaTopics.NAMES);
            assertThat(kafka.admin().describeTopics(List.of(Topics.INGEST)).allTopicNames().get().get(Topics.INGEST)
                    .partitions()).hasSize(6);
            assertThat(config(kafka, Topics.GRAPH).get("retention.ms").value()).isEqualTo("-1");
            assertThat(config(kafka, Topics.INGEST_STATE).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config(kafka, Topics.STREAM_STATUS).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config(kafka, Topics.INGEST).get("max.message.bytes").value())
                    .isEqualTo(Integer.toString(KafkaSettings.MAX_RECORD_BYTES));
            assertThat(config(kafka, Topics.DEAD_LETTERS).get("retention.ms").value())
                    .isEqualTo(Long.toString(TimeUnit.DAYS.toMillis(30)));
        }
    }

    @Test
    void aTopicMadeWithOtherSettingsIsSetRightWhenTheServicesManageTopics() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            kafka.createTopic(Topics.INGEST_STATE, 1); // the broker's defaults: cleanup.policy=delete
            kafka.createTopic(Topics.GRAPH, 1);        // a week's retention: old diffs would go
            kafka.createTopic(Topics.BATCHES, 1);
            set(kafka, Topics.BATCHES, "retention.ms", "3600000"); // an operator's choice

            TopicAdmin.ensure(KafkaSettings.of(kafka.bootstrapServers()), KafkaTopics.NAMES, "topic-admin-it");

            // a changed setting reaches the broker's answers through the metadata log, a moment later
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(config(kafka, Topics.INGEST_STATE).get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(config(kafka, Topics.GRAPH).get("retention.ms").value()).isEqualTo("-1");
            });
            assertThat(config(kafka, Topics.BATCHES).get("retention.ms").value()).as("the operator's retention")
                    .isEqualTo("3600000");
        }
    }

    @Test
    void whereTheServicesMayNotManageTopicsAWrongSettingIsAnErrorThatSaysWhatToChange() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            kafka.createTopic(Topics.STREAM_STATUS, 1);
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers()).with(new KafkaSettings.TopicSettings(
                    false, Optional.empty(), Map.of()));

            assertThatThrownBy(() -> TopicAdmin.ensure(settings, List.of(Topics.STREAM_STATUS), "topic-admin-it"))
                    .isInstanceOf(DatasurfaceException.class)
                    .hasMessageContaining("topic datasurface.stream-status has cleanup.policy=delete, it must be compact")
                    .hasMessageContaining("datasurface.kafka.topics.manage=true")
                    .matches(e -> !((DatasurfaceException) e).retriable());
            assertThat(config(kafka, Topics.STREAM_STATUS).get("cleanup.policy").value()).as("left as it was")
                    .isEqualTo("delete");
            assertThat(kafka.admin().listTopics().names().get()).as("nothing made").doesNotContain(Topics.GRAPH);
        }
    }
}

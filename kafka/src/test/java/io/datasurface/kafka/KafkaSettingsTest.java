package io.datasurface.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    private static KafkaConfig config(String servers, Path file, Map<String, String> client) {
        return new KafkaConfig() {
            @Override
            public String bootstrapServers() {
                return servers;
            }

            @Override
            public Optional<Path> clientPropertiesFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Map<String, String> client() {
                return client;
            }

            @Override
            public Topics topics() {
                return new Topics() {
                    @Override
                    public boolean manage() {
                        return true;
                    }

                    @Override
                    public Optional<Short> replicationFactor() {
                        return Optional.empty();
                    }

                    @Override
                    public Map<String, Integer> partitions() {
                        return Map.of();
                    }
                };
            }
        };
    }

    @Test
    void everyClientGetsTheOperatorsSettingsFromTheFileAndTheConfigurationWhichWins(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"ingest\" password=\"s3cret-pw\";\n");
        KafkaSettings kafka = KafkaSettings.of(config("broker:9093", file, Map.of("sasl.mechanism", "SCRAM-SHA-256")));

        for (Properties p : new Properties[] {kafka.consumer("c"), kafka.producer("p"),
            kafka.transactionalProducer("t"), kafka.common("a")}) {
            assertThat(p).containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
            assertThat(p.getProperty("sasl.jaas.config")).contains("password=\"s3cret-pw\"");
        }
    }

    @Test
    void whatAServiceNeedsOfAClientCannotBeChangedByTheOperatorsSettings() {
        KafkaSettings kafka = KafkaSettings.of(config("broker:9092", null, Map.of("isolation.level", "read_uncommitted",
                "enable.auto.commit", "true", "bootstrap.servers", "elsewhere:9092", "acks", "1")));

        assertThat(kafka.consumer("c")).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false").containsEntry("bootstrap.servers", "broker:9092");
        assertThat(kafka.producer("p")).containsEntry("acks", "all");
        assertThat(kafka.transactionalProducer("ingest-1-0")).containsEntry("transactional.id", "ingest-1-0");
    }

    @Test
    void itsTextNamesTheSettingsButNeverTheirValues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "ssl.keystore.password=hunter22\n");
        KafkaSettings kafka = KafkaSettings.of(config("broker:9093", file, Map.of()));

        assertThat(kafka.toString()).isEqualTo("Kafka at broker:9093 with settings [ssl.keystore.password]")
                .doesNotContain("hunter22");
    }

    @Test
    void aMissingClientPropertiesFileIsAClearErrorThatNamesTheSetting(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaSettings.of(config("broker:9092", missing, Map.of())))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("datasurface.kafka.client-properties-file")
                .matches(e -> !((DatasurfaceException) e).retriable());
    }

    @Test
    void noBrokersIsAClearError() {
        assertThatThrownBy(() -> KafkaSettings.of(" ")).hasMessageContaining("datasurface.kafka.bootstrap-servers");
    }
}

package io.datasurface.modelservice.app;

import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.modelservice.streams.StreamStatusTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Starts and stops the stream-status table with the service; it waits for Kafka by itself. */
@ApplicationScoped
public class StreamStatusService {
    private final ModelServiceConfig config;
    private final KafkaConfig kafka;
    private StreamStatusTable table;

    StreamStatusService(ModelServiceConfig config, KafkaConfig kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent startup) {
        Path stateDir = config.streamStatus().stateDir()
                .orElse(config.modelsDir().toAbsolutePath().resolve(".kafka-streams"));
        table = new StreamStatusTable(new StreamStatusTable.Settings(KafkaSettings.of(kafka),
                config.streamStatus().applicationId(), stateDir, Duration.ofSeconds(2)), Clock.systemUTC());
        table.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (table != null) {
            table.close();
        }
    }

    public StreamStatusTable table() {
        return table;
    }
}

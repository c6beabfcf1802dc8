package io.datasurface.ingest.app;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.event.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded broker and PostgreSQL (shared per test JVM) for the ingest-service under test, and a file
 * credential store whose credential {@code src} logs in to the server.
 */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {
    static final String CREDENTIAL = "src";
    static final String ADMIN_TOKEN = "ingest-service-it-admin-token";

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.GRAPH, 1);
        kafka.createTopic(Topics.TRIGGERS, 1);
        kafka.createTopic(Topics.INGEST, 2);
        kafka.createTopic(Topics.INGEST_STATE, 1);
        kafka.createTopic(Topics.STREAM_STATUS, 1);
        EmbeddedPostgresServer pg = PostgresExtension.server();
        try {
            Path secrets = Files.createTempDirectory("secrets");
            Files.createDirectories(secrets.resolve(CREDENTIAL));
            Files.writeString(secrets.resolve(CREDENTIAL).resolve("user"), pg.user());
            Files.writeString(secrets.resolve(CREDENTIAL).resolve("password"), pg.password());
            return Map.of(
                    "datasurface.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "datasurface.ingest-service.credential-store", "file:" + secrets,
                    "datasurface.admin.token", ADMIN_TOKEN,
                    "datasurface.ingest-service.chunk-rows", "1000",
                    "datasurface.ingest-service.max-chunks", "1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the shared broker and server stop with the JVM
    }
}

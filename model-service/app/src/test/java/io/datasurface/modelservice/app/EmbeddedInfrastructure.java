package io.datasurface.modelservice.app;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.event.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** The embedded broker and PostgreSQL (shared per test JVM), a database and a models folder of its own. */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {
    static final String DB = "model_service_it";
    static final String SECRET = "It's a secret to everybody";
    static final String ADMIN_TOKEN = "model-service-it-admin-token";
    static final String ADMIN = "Bearer " + ADMIN_TOKEN;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.MODELS, 1);
        kafka.createTopic(Topics.GRAPH, 1);
        EmbeddedPostgresServer pg = PostgresExtension.server();
        pg.createDatabase(DB);
        try {
            return Map.of(
                    "datasurface.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "datasurface.model-service.webhook-secret", SECRET,
                    "datasurface.admin.token", ADMIN_TOKEN,
                    "datasurface.model-service.models-dir", Files.createTempDirectory("models").toString(),
                    "datasurface.model-service.keep-versions", "3",
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl(DB),
                    "quarkus.datasource.username", pg.user(),
                    "quarkus.datasource.password", pg.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the shared broker and server stop with the JVM
    }
}

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
    static final String GIT_TOKEN = "ghp_never-shown-anywhere";
    static final String ADMIN_TOKEN = "model-service-it-admin-token";
    static final String ADMIN = "Bearer " + ADMIN_TOKEN;
    /** Deployments that may wait while one runs. */
    static final int QUEUE = 3;

    private boolean defaults;

    /** Under {@link LockedDownIT.Defaults} the settings that open the service up for tests stay at their defaults. */
    @Override
    public void setContext(Context context) {
        defaults = LockedDownIT.Defaults.class.getName().equals(context.testProfile());
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> all = settings();
        if (defaults) {
            all = new java.util.HashMap<>(all);
            all.keySet().removeIf(k -> k.startsWith("datasurface.model-service.git-hosts.")
                    || k.equals("datasurface.model-service.allow-local-repositories"));
        }
        return all;
    }

    private Map<String, String> settings() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.MODELS, 1);
        kafka.createTopic(Topics.GRAPH, 1);
        EmbeddedPostgresServer pg = PostgresExtension.server();
        pg.createDatabase(DB);
        try {
            return Map.ofEntries(
                    Map.entry("datasurface.kafka.bootstrap-servers", kafka.bootstrapServers()),
                    Map.entry("datasurface.model-service.webhook-secret", SECRET),
                    Map.entry("datasurface.admin.token", ADMIN_TOKEN),
                    Map.entry("datasurface.model-service.models-dir", Files.createTempDirectory("models").toString()),
                    Map.entry("datasurface.model-service.keep-versions", "3"),
                    // the tests deploy folders and local repositories; pushes "from github.com" are fetched here
                    Map.entry("datasurface.model-service.allow-local-repositories", "true"),
                    Map.entry("datasurface.model-service.git-hosts.\"github.com\"",
                            Files.createTempDirectory("git-hosts").toUri().toString()),
                    // never sent anywhere (github.com is a folder here), and never shown
                    Map.entry("datasurface.model-service.git-token", GIT_TOKEN),
                    Map.entry("datasurface.model-service.deployment-queue-size", Integer.toString(QUEUE)),
                    Map.entry("quarkus.datasource.jdbc.url", pg.jdbcUrl(DB)),
                    Map.entry("quarkus.datasource.username", pg.user()),
                    Map.entry("quarkus.datasource.password", pg.password()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the shared broker and server stop with the JVM
    }
}

package io.datasurface.view.app;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.event.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The embedded broker and PostgreSQL (shared per test JVM) for the view-service under test: a merge
 * store database of its own, the topics it reads and writes, and fast retries.
 */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {
    static final String MERGE_DB = "view_service_it";

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        for (String topic : new String[] {Topics.GRAPH, Topics.BATCHES, Topics.VIEWS}) {
            kafka.createTopic(topic, 1);
        }
        EmbeddedPostgresServer pg = PostgresExtension.server();
        pg.createDatabase(MERGE_DB);
        return Map.of(
                "datasurface.kafka.bootstrap-servers", kafka.bootstrapServers(),
                // long enough that a view made sooner than this was made by an event, not by a retry
                "datasurface.view-service.retry-initial", "10s",
                "datasurface.view-service.retry-max", "10s",
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(MERGE_DB),
                "quarkus.datasource.username", pg.user(),
                "quarkus.datasource.password", pg.password());
    }

    @Override
    public void stop() {
        // the shared broker and server stop with the JVM
    }
}

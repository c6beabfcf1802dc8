package io.datasurface.merge.app;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.event.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The embedded broker and PostgreSQL (shared per test JVM) for the merge-service under test. */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {
    static final String MERGE_DB = "merge_service_it";

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = KafkaExtension.broker();
        kafka.createTopic(Topics.GRAPH, 1);
        kafka.createTopic(Topics.INGEST, 2);
        kafka.createTopic(Topics.INGEST_STATE, 1);
        kafka.createTopic(Topics.BATCHES, 1);
        EmbeddedPostgresServer pg = PostgresExtension.server();
        pg.createDatabase(MERGE_DB);
        return Map.of(
                "datasurface.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "datasurface.merge-service.retry-initial", "200ms",
                "datasurface.merge-service.retry-max", "1s",
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(MERGE_DB),
                "quarkus.datasource.username", pg.user(),
                "quarkus.datasource.password", pg.password());
    }

    @Override
    public void stop() {
        // the shared broker and server stop with the JVM
    }
}

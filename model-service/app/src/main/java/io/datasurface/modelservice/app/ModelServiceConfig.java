package io.datasurface.modelservice.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the model-service can be told; Kafka is {@code datasurface.kafka.*} (as for every service), the
 * executions and deployments database {@code quarkus.datasource.*}.
 */
@ConfigMapping(prefix = "datasurface.model-service")
public interface ModelServiceConfig {
    /** The shared secret of the git webhook (GitHub: HMAC key; GitLab: the token). Without one every webhook gets 401. */
    Optional<String> webhookSecret();

    /**
     * A secret per repository ({@code full_name} → secret), so that a push can only speak for the repository
     * whose secret signed it. When set, it replaces {@link #webhookSecret} for webhooks: a repository not
     * listed gets 401.
     */
    Map<String, String> repoSecrets();

    /** Pushes to this branch deploy; others are acknowledged and ignored. */
    @WithDefault("main")
    String branch();

    /** Where the model-EPOCHSECONDS folders go. */
    @WithDefault("models")
    Path modelsDir();

    /** How many model versions to keep on disk. */
    @WithDefault("10")
    int keepVersions();

    /** An access token for fetching over HTTPS (private repositories). */
    Optional<String> gitToken();

    /** The Kafka transactional id: one per model-service instance (two instances with one id fence each other). */
    @WithDefault("datasurface-model-service")
    String kafkaTransactionalId();

    /** How long a git fetch may take before it is given up (the next delivery tries again). */
    @WithDefault("120")
    int gitTimeoutSeconds();

    /** The stream-status table (Kafka Streams) behind {@code GET /streams}. */
    StreamStatus streamStatus();

    interface StreamStatus {
        /**
         * The Kafka Streams application id. Each instance of the model-service keeps the whole table, so two
         * instances need two ids.
         */
        @WithDefault("datasurface-model-service-streams")
        String applicationId();

        /** Kafka Streams' local state; default {@code .kafka-streams} in the models folder. */
        Optional<Path> stateDir();
    }
}

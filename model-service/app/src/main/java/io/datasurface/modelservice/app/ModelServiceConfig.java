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

    /** An access token for fetching over HTTPS (private repositories), sent only to {@link #gitTokenHost}. */
    Optional<String> gitToken();

    /** The one host ({@code host} or {@code host:port}) the git token belongs to; it is sent nowhere else. */
    @WithDefault("github.com")
    String gitTokenHost();

    /**
     * The git hosts pushes may come from: host (as the push's repository URL names it) → clone URL base; a push's
     * repository is fetched from the base plus its {@code full_name}. {@code github.com} is
     * {@code https://github.com/} unless given here. Bases are {@code https://} ({@code file:} with
     * {@link #allowLocalRepositories}).
     */
    Map<String, String> gitHosts();

    /**
     * Whether {@code POST /deployments} may deploy a folder or a {@code file:} URL on the server (and git hosts
     * may be {@code file:} URLs). For {@code datasurface up} and tests; off on a service others can reach.
     */
    @WithDefault("false")
    boolean allowLocalRepositories();

    /**
     * How many deployments may wait while one runs; a request beyond gets 503 with {@code Retry-After} (a webhook
     * must then be redelivered).
     */
    @WithDefault("20")
    int deploymentQueueSize();

    /**
     * The largest request body accepted (webhook deliveries, deployment requests); a larger one gets 413 with a
     * message, before it is read when it says its length.
     */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** The Kafka transactional id: one per model-service instance (two instances with one id fence each other). */
    @WithDefault("datasurface-model-service")
    String kafkaTransactionalId();

    /** How long one network operation of a git fetch may stall before the fetch is given up. */
    @WithDefault("120")
    int gitTimeoutSeconds();

    /** How long a whole git fetch may take before it is given up (recorded FAILED; the next delivery tries again). */
    @WithDefault("300")
    int gitFetchDeadlineSeconds();

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

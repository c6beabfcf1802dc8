package io.datasurface.view.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the view-service can be told; Kafka is {@code datasurface.kafka.*} (as for every service), the merge
 * store {@code quarkus.datasource.*}.
 */
@ConfigMapping(prefix = "datasurface.view-service")
public interface ViewServiceConfig {
    /** The schema the views go in. */
    @WithDefault("public")
    String viewSchema();

    /** Whether each workspace's reader role gets SELECT on its views. */
    @WithDefault("false")
    boolean grant();

    /** The platforms whose views this instance makes (their merge store is the datasource); all when unset. */
    Optional<List<String>> platforms();

    /** Wait before the first retry of a view that failed; doubles with each retry. */
    @WithDefault("1s")
    Duration retryInitial();

    /** The longest wait between retries. */
    @WithDefault("60s")
    Duration retryMax();

    /** How long a reconciliation waits for another one working on the same view schema. */
    @WithDefault("60")
    int lockWaitSeconds();
}

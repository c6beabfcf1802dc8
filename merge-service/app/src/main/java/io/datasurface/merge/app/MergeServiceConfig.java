package io.datasurface.merge.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the merge-service can be told; Kafka is {@code datasurface.kafka.*} (as for every service), the merge
 * store {@code quarkus.datasource.*}.
 */
@ConfigMapping(prefix = "datasurface.merge-service")
public interface MergeServiceConfig {
    /** The consumer group: instances in one group share the partitions of {@code datasurface.ingest}. */
    @WithDefault("datasurface-merge")
    String consumerGroup();

    /** Wait before a record that failed is tried again; doubles up to {@link #retryMax()}. */
    @WithDefault("1s")
    Duration retryInitial();

    @WithDefault("60s")
    Duration retryMax();

    /**
     * How long the consumer group waits for a member that stopped without leaving (kill -9) before its
     * partitions go to the others, or to the same service started again (with no {@link #instance()}).
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /**
     * This instance's name, one per instance: it joins the consumer group as static member
     * {@code datasurface-merge-NAME}, so that when it is started again it takes its partitions back at once
     * instead of after {@link #sessionTimeout()}. Two running instances of one name fence each other.
     */
    Optional<String> instance();

    /**
     * How many merges run at once: the records of each platform in each partition of {@code datasurface.ingest}
     * are applied in order, and those of different platforms or partitions in parallel, each thread on a merge
     * store connection of its own. {@code quarkus.datasource.jdbc.max-size} must be at least one more.
     */
    @WithDefault("4")
    int threads();
}

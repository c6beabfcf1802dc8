package io.datasurface.merge.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Everything the merge-service can be told; the merge store itself is {@code quarkus.datasource.*}. */
@ConfigMapping(prefix = "datasurface.merge")
public interface MergeServiceConfig {
    @WithDefault("localhost:9092")
    String kafkaBootstrapServers();

    /** The consumer group: instances in one group share the partitions of {@code datasurface.ingest}. */
    @WithDefault("datasurface-merge")
    String consumerGroup();

    /** Wait before a record that failed is tried again; doubles up to {@link #retryMax()}. */
    @WithDefault("1s")
    Duration retryInitial();

    @WithDefault("60s")
    Duration retryMax();
}

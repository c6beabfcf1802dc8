package io.datasurface.ingest.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Everything the ingest-service can be told; Kafka is {@code datasurface.kafka.*}, as for every service. */
@ConfigMapping(prefix = "datasurface.ingest-service")
public interface IngestServiceConfig {
    /** Where the sources' named credentials are: {@code env} or {@code file:DIR}. */
    @WithDefault("env")
    String credentialStore();

    /** Steps running at once, over all streams. */
    @WithDefault("4")
    int maxRunning();

    /** Steps running at once against one source database. */
    @WithDefault("2")
    int maxPerSource();

    /** Chunks a step reads before it yields to other streams. */
    @WithDefault("10")
    int maxChunks();

    /** Rows per chunk (a restart point, and a Kafka transaction, after each). */
    @WithDefault("50000")
    int chunkRows();

    /** This instance's name: its Kafka transactional ids are {@code datasurface-ingest-NAME-N}. One name per instance. */
    @WithDefault("1")
    String instance();

    /** The platforms whose streams this instance runs; all when unset. */
    Optional<List<String>> platforms();
}

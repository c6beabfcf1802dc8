package io.datasurface.ingest.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.datasurface.ingest.service.IngestSettings;
import java.time.Duration;
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

    /**
     * This instance's name, one per instance (a pod's name): its member of the consumer group that shares the
     * streams is static, so that it takes its streams back at once when it starts again. Not {@code a} followed by
     * digits (with the default group): an earlier release's transactional ids for it would be a partition's.
     */
    @WithDefault("1")
    String instance();

    /** The consumer group of {@code datasurface.ingest-assignments}: the instances that share the streams. */
    @WithDefault(IngestSettings.GROUP)
    String group();

    /** How long the group waits for an instance that stopped without leaving before its streams go to the others. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /**
     * Transactional producers per partition of {@code datasurface.ingest-assignments}: steps of one partition's
     * streams running at once. The same in every instance of the group.
     */
    @WithDefault("2")
    int producersPerPartition();

    /** The platforms whose streams this instance runs; all when unset. */
    Optional<List<String>> platforms();

    /**
     * The merge store ({@code jdbc:postgresql://HOST:PORT/DB}): with it, the batches of a sql-snapshot stream after its
     * first carry only what changed, found by comparing the source's rows with the merge store's change hashes
     * (read-only). Without it, every snapshot batch is FULL.
     */
    Optional<String> mergeStore();

    /** The named credential (in {@link #credentialStore()}) the merge store is read with. */
    Optional<String> mergeStoreCredential();
}

package io.datasurface.ingest.service;

import java.time.Duration;
import java.util.Set;

/**
 * How an ingest-service instance runs its streams.
 *
 * @param instance              this instance's name, one per instance: its member of the consumer group is static
 *                              ({@code datasurface-ingest-NAME}), so a restarted instance takes its streams back at
 *                              once
 * @param maxRunning            steps running at once, over all streams
 * @param maxPerSource          steps running at once against one source database
 * @param maxChunks             chunks a step reads before it yields to other streams
 * @param chunkRows             rows per chunk (a restart point, and a Kafka transaction, after each)
 * @param platforms             the platforms whose streams this instance runs; all when empty
 * @param group                 the consumer group of {@code datasurface.ingest-assignments}: the instances that share
 *                              the streams; also the start of the transactional ids
 * @param sessionTimeout        how long the group waits for an instance that stopped without leaving before its
 *                              streams go to the others
 * @param producersPerPartition transactional producers per assignment partition: steps of one partition's streams
 *                              running at once. The same in every instance of the group
 */
public record IngestSettings(String instance, int maxRunning, int maxPerSource, int maxChunks, int chunkRows,
                             Set<String> platforms, String group, Duration sessionTimeout, int producersPerPartition) {
    /** The consumer group unless configured otherwise. */
    public static final String GROUP = "datasurface-ingest";
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final int PRODUCERS_PER_PARTITION = 2;

    public IngestSettings {
        platforms = Set.copyOf(platforms);
        if (maxRunning < 1 || maxPerSource < 1 || maxChunks < 1 || chunkRows < 1 || producersPerPartition < 1) {
            throw new IllegalArgumentException("max-running, max-per-source, max-chunks, chunk-rows and"
                    + " producers-per-partition must be at least 1");
        }
        if (instance == null || instance.isBlank() || group == null || group.isBlank()) {
            throw new IllegalArgumentException("the instance and the group need a name");
        }
        if (earlierIds(instance).matches(java.util.regex.Pattern.quote(group) + "-a[0-9]+")) {
            throw new IllegalArgumentException("instance name '" + instance + "' cannot be used with group '" + group
                    + "': the transactional ids an earlier release gave it (" + earlierIds(instance) + "-N) are those"
                    + " of an assignment partition, which it would fence at start; choose a name that is not 'a'"
                    + " followed by digits");
        }
    }

    /**
     * The start of the transactional ids an instance of this name used in an earlier release
     * ({@code datasurface-ingest-{instance}-{n}}), which it fences at start.
     */
    static String earlierIds(String instance) {
        return "datasurface-ingest-" + instance;
    }

    /** The settings with the default group, session timeout and producers per partition. */
    public IngestSettings(String instance, int maxRunning, int maxPerSource, int maxChunks, int chunkRows,
                          Set<String> platforms) {
        this(instance, maxRunning, maxPerSource, maxChunks, chunkRows, platforms, GROUP, SESSION_TIMEOUT,
                PRODUCERS_PER_PARTITION);
    }

    boolean serves(String platform) {
        return platforms.isEmpty() || platforms.contains(platform);
    }
}

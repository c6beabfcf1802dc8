package io.datasurface.ingest.service;

import java.util.Set;

/**
 * How an ingest-service instance runs its streams.
 *
 * @param instance     this instance's name: its Kafka transactional ids are {@code datasurface-ingest-NAME-N}, so a
 *                     restarted instance fences what its previous process left open; one name per instance
 * @param maxRunning   steps running at once, over all streams (and transactional producers kept)
 * @param maxPerSource steps running at once against one source database
 * @param maxChunks    chunks a step reads before it yields to other streams
 * @param chunkRows    rows per chunk (a restart point, and a Kafka transaction, after each)
 * @param platforms    the platforms whose streams this instance runs; all when empty
 */
public record IngestSettings(String instance, int maxRunning, int maxPerSource, int maxChunks, int chunkRows,
                             Set<String> platforms) {
    public IngestSettings {
        platforms = Set.copyOf(platforms);
        if (maxRunning < 1 || maxPerSource < 1 || maxChunks < 1 || chunkRows < 1) {
            throw new IllegalArgumentException("max-running, max-per-source, max-chunks and chunk-rows must be at least 1");
        }
    }

    boolean serves(String platform) {
        return platforms.isEmpty() || platforms.contains(platform);
    }
}

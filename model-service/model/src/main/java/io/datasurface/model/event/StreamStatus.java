package io.datasurface.model.event;

import java.time.Instant;

/**
 * Where an ingestion stream is, as the ingest-service's scheduler sees it, published when that changes.
 *
 * @param state   WAITING (for its trigger), QUEUED, RUNNING or PARKED (after an error, until reset)
 * @param message the error that parked the stream, or null
 * @param batchId the batch the stream is on or last sealed (0 before its first)
 */
public record StreamStatus(String platform, String stream, String state, String message, long batchId,
                           Instant at) implements Event {
    @Override
    public String key() {
        return stream;
    }
}

package io.datasurface.model.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Where an ingestion stream is, as a service sees it, published when that changes: the ingest-service's
 * scheduler (WAITING for its trigger, QUEUED, RUNNING, or PARKED after an error until reset), or the
 * merge-service (PARKED when a record of the stream could not be applied, MERGING again when it goes on).
 *
 * @param message the error that parked the stream, or null
 * @param batchId the batch the stream is on, or last sealed (0 before its first)
 * @param service {@link #INGEST} or {@link #MERGE}; null in events written before it was named, which are the
 *                ingest-service's
 */
public record StreamStatus(String platform, String stream, String state, String message, long batchId,
                           Instant at, String service) implements Event {
    public static final String INGEST = "ingest-service";
    public static final String MERGE = "merge-service";

    /** Whether the merge-service said this. */
    @JsonIgnore
    public boolean fromMerge() {
        return MERGE.equals(service);
    }

    @Override
    public String key() {
        return stream;
    }
}

package io.datasurface.modelservice.streams;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.event.StreamStatus;
import java.time.Instant;

/**
 * One stream's row of the stream-status table: what the ingest-service's scheduler last said about it,
 * the batch it is on, and the last batch the merge committed.
 *
 * <p>{@link #apply} folds in one event. The events come from three topics whose records reach the table
 * in no fixed order between topics, so each rule holds whatever came first: batch ids only go up, a
 * commit closes the open batch of its id or an older one, a repeated commit (the merge announces at
 * least once) changes nothing, and a start seen after its own commit only supplies the start time.
 *
 * @param state            WAITING, QUEUED, RUNNING or PARKED, as the ingest-service's last {@code StreamStatus} said;
 *                         null before one
 * @param message          the error that parked the stream in the ingest-service, or null
 * @param stateAt          when the state was entered
 * @param openBatch        the batch being ingested or merged, null when none
 * @param lastCommitted    the last batch the merge committed, null before the first
 * @param batchesCommitted commits seen since the table began (one per batch id)
 * @param mergeParked      why the merge-service parked the stream (a record of it it could not apply), or null
 * @param mergeStateAt     when the merge-service last said so
 */
public record StreamProgress(String platform, String stream, String state, String message, Instant stateAt,
                             OpenBatch openBatch, CommittedBatch lastCommitted, long batchesCommitted,
                             String mergeParked, Instant mergeStateAt) {

    /** The table's initial value; the first event fills in the stream. */
    static StreamProgress empty() {
        return new StreamProgress(null, null, null, null, null, null, null, 0, null, null);
    }

    /** This row after {@code e}, an event of stream {@code key}; events of other kinds change nothing. */
    public StreamProgress apply(String key, Event e) {
        StreamProgress p = stream == null
                ? new StreamProgress(platformOf(key), key, null, null, null, null, null, 0, null, null) : this;
        if (e instanceof BatchStarted s) {
            return p.withPlatform(s.platform()).started(s);
        } else if (e instanceof BatchSealed s) {
            return p.sealed(s);
        } else if (e instanceof BatchCommitted c) {
            return p.withPlatform(c.platform()).committed(c);
        } else if (e instanceof StreamStatus s && s.fromMerge()) {
            return p.withPlatform(s.platform()).mergeStatus(s);
        } else if (e instanceof StreamStatus s) {
            return p.withPlatform(s.platform()).status(s);
        }
        return p;
    }

    private StreamProgress started(BatchStarted s) {
        if (lastCommitted != null && s.batchId() <= lastCommitted.batchId()) {
            if (s.batchId() == lastCommitted.batchId() && s.startedAt() != null && (lastCommitted.startedAt() == null
                    || s.startedAt().isAfter(lastCommitted.startedAt()))) {
                return with(openBatch, lastCommitted.startedAt(s.startedAt()), batchesCommitted);
            }
            return this;
        }
        // a new batch, or the open one started again (its schemas changed): what was sealed is void
        return with(new OpenBatch(s.batchId(), s.kind(), s.startedAt(), null, null), lastCommitted, batchesCommitted);
    }

    private StreamProgress sealed(BatchSealed s) {
        if (lastCommitted != null && s.batchId() <= lastCommitted.batchId()) {
            return this;
        }
        long rows = s.datasets().stream().mapToLong(SealedDataset::rows).sum();
        OpenBatch open = openBatch != null && openBatch.batchId() == s.batchId()
                ? new OpenBatch(s.batchId(), openBatch.kind(), openBatch.startedAt(), rows, s.sealedAt())
                : new OpenBatch(s.batchId(), null, null, rows, s.sealedAt());
        return with(open, lastCommitted, batchesCommitted);
    }

    private StreamProgress committed(BatchCommitted c) {
        if (lastCommitted != null && c.batchId() <= lastCommitted.batchId()) {
            return this;
        }
        Instant startedAt = c.startedAt();
        if (startedAt == null && openBatch != null && openBatch.batchId() == c.batchId()) {
            startedAt = openBatch.startedAt();
        }
        OpenBatch open = openBatch != null && openBatch.batchId() > c.batchId() ? openBatch : null;
        return with(open, CommittedBatch.of(c, startedAt), batchesCommitted + 1);
    }

    private StreamProgress status(StreamStatus s) {
        if (stateAt != null && s.at() != null && s.at().isBefore(stateAt)) {
            return this;
        }
        return new StreamProgress(platform, stream, s.state(), s.message(), s.at(), openBatch, lastCommitted,
                batchesCommitted, mergeParked, mergeStateAt);
    }

    private StreamProgress mergeStatus(StreamStatus s) {
        if (mergeStateAt != null && s.at() != null && s.at().isBefore(mergeStateAt)) {
            return this;
        }
        String parked = "PARKED".equals(s.state()) ? (s.message() == null ? "parked" : s.message()) : null;
        return new StreamProgress(platform, stream, state, message, stateAt, openBatch, lastCommitted,
                batchesCommitted, parked, s.at());
    }

    private StreamProgress with(OpenBatch open, CommittedBatch last, long committed) {
        return new StreamProgress(platform, stream, state, message, stateAt, open, last, committed, mergeParked,
                mergeStateAt);
    }

    private StreamProgress withPlatform(String p) {
        return p == null || p.equals(platform) ? this
                : new StreamProgress(p, stream, state, message, stateAt, openBatch, lastCommitted, batchesCommitted,
                mergeParked, mergeStateAt);
    }

    private static String platformOf(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }
}

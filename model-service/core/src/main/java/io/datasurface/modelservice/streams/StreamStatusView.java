package io.datasurface.modelservice.streams;

import java.time.Duration;
import java.time.Instant;

/**
 * A stream's status as {@code GET /streams} shows it: the table's row and the lag, which depends on when
 * it is asked.
 *
 * @param lagMs how far the views are behind the source: now minus the start of the last committed batch
 *              (a snapshot batch shows the source as of about its start); but for a stream that is running
 *              with no batch open (a change-capture stream keeping up), the time its last batch took from start
 *              to commit. Null before the first commit or when that batch's start is unknown
 */
public record StreamStatusView(String platform, String stream, String state, String message, Instant stateAt,
                               OpenBatch openBatch, CommittedBatch lastCommitted, long batchesCommitted, Long lagMs) {

    /**
     * The view of a row: a stream the merge-service parked shows as PARKED with the merge-service's reason,
     * whatever the ingest-service says of it.
     */
    public static StreamStatusView of(StreamProgress p, Instant now) {
        Instant from = p.lastCommitted() == null ? null : p.lastCommitted().startedAt();
        boolean keepingUp = "RUNNING".equals(p.state()) && p.openBatch() == null && p.lastCommitted() != null
                && p.lastCommitted().committedAt() != null;
        Instant to = keepingUp ? p.lastCommitted().committedAt() : now;
        Long lag = from == null ? null : Math.max(0, Duration.between(from, to).toMillis());
        boolean mergeParked = p.mergeParked() != null;
        return new StreamStatusView(p.platform(), p.stream(), mergeParked ? "PARKED" : p.state(),
                mergeParked ? "merge-service: " + p.mergeParked() : p.message(),
                mergeParked ? p.mergeStateAt() : p.stateAt(), p.openBatch(), p.lastCommitted(), p.batchesCommitted(), lag);
    }

    /** The same without {@code message}, which may name the source's address and login. */
    public StreamStatusView withoutMessage() {
        return new StreamStatusView(platform, stream, state, null, stateAt, openBatch, lastCommitted, batchesCommitted,
                lagMs);
    }
}

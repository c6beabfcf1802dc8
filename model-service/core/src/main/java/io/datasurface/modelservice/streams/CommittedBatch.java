package io.datasurface.modelservice.streams;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A batch the merge committed.
 *
 * @param rows          the rows the batch carried, all datasets ({@link DatasetCounts#total()} summed)
 * @param datasets      each dataset's inserted, updated, deleted and total rows
 * @param startedAt     when the ingest-service started the batch (from the event, or the batch's
 *                      {@code BatchStarted}); null when unknown
 * @param durationMs    {@code committedAt - startedAt}; null when startedAt is unknown
 * @param rowsPerSecond {@code rows / duration}; null when the duration is unknown or zero
 */
public record CommittedBatch(long batchId, BatchKind kind, long rows, List<DatasetCounts> datasets, Instant startedAt,
                             Instant committedAt, Long durationMs, Double rowsPerSecond) {
    public CommittedBatch {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    static CommittedBatch of(BatchCommitted c, Instant startedAt) {
        long rows = c.datasets().stream().mapToLong(DatasetCounts::total).sum();
        return new CommittedBatch(c.batchId(), c.kind(), rows, c.datasets(), null, c.committedAt(), null, null)
                .startedAt(startedAt);
    }

    /** The same batch with its start time (and so its duration and rate) known. */
    CommittedBatch startedAt(Instant at) {
        if (at == null || committedAt == null) {
            return new CommittedBatch(batchId, kind, rows, datasets, at, committedAt, null, null);
        }
        long ms = Math.max(0, Duration.between(at, committedAt).toMillis());
        Double rate = ms == 0 ? null : rows * 1000.0 / ms;
        return new CommittedBatch(batchId, kind, rows, datasets, at, committedAt, ms, rate);
    }
}

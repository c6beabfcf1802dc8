package io.datasurface.model.event;

/** Exact row counts of one dataset's merge in a batch; {@code total} is the rows the batch carried. */
public record DatasetCounts(String dataset, long inserted, long updated, long deleted, long total) {
}

package io.datasurface.merge.batch;

import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetSchema;
import java.util.List;
import java.util.Map;

/**
 * A row of a platform's {@code batches} table: one batch of one stream. {@code loaded} counts the rows
 * staged per dataset; {@code datasets} holds each dataset's schema fingerprint at batch start.
 */
public record BatchRecord(String stream, long batchId, BatchStatus status, BatchKind kind,
                          List<DatasetSchema> datasets, String restartPoint, String previousPosition,
                          String sourcePosition, Map<String, Long> loaded, int attempts, String error) {
    public BatchRecord {
        datasets = List.copyOf(datasets);
        loaded = Map.copyOf(loaded);
    }
}

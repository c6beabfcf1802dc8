package io.datasurface.ingest.kafka;

import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetSchema;
import java.util.List;
import java.util.Map;

/**
 * What the ingest-service knows of one stream, as its last committed Kafka transaction left it: the
 * batch it is on, whether that batch is still open (being read) or sealed, where reading resumes
 * ({@code restartPoint}, open batches), the position the previous batch ended at, the next chunk
 * number and the rows sent so far per dataset. Kept in the compacted topic {@code datasurface.ingest-state}.
 *
 * @param previousPosition the position the previous sealed batch ended at (where this batch started)
 * @param sourcePosition   for a sealed batch, the position it ends at
 */
public record IngestState(String stream, String platform, long batchId, boolean open, BatchKind kind,
                          List<DatasetSchema> datasets, String restartPoint, String previousPosition,
                          String sourcePosition, Map<String, Integer> nextChunk, Map<String, Long> rows) {
    public IngestState {
        datasets = List.copyOf(datasets);
        nextChunk = Map.copyOf(nextChunk);
        rows = Map.copyOf(rows);
    }
}

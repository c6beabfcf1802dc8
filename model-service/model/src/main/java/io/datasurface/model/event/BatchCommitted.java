package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;

/** A batch was merged into the merge store and committed, every dataset in one transaction. */
public record BatchCommitted(String platform, String stream, long batchId, BatchKind kind,
                             List<DatasetCounts> datasets, String sourcePosition, Instant startedAt,
                             Instant committedAt) implements Event {
    public BatchCommitted {
        datasets = List.copyOf(datasets);
    }

    @Override
    public String key() {
        return stream;
    }
}

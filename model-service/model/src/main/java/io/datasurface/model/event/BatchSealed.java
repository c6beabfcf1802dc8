package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;

/**
 * All chunks of a batch were written; the merge may run. {@code sourcePosition} is where the next
 * batch starts reading.
 */
public record BatchSealed(String stream, long batchId, List<SealedDataset> datasets, String sourcePosition,
                          Instant sealedAt) implements Event {
    public BatchSealed {
        datasets = List.copyOf(datasets);
    }

    @Override
    public String key() {
        return stream;
    }
}

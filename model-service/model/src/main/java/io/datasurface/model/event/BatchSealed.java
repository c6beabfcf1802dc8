package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    public Optional<String> malformed() {
        return stream == null || batchId < 1 ? Optional.of("BatchSealed without its stream or batch id")
                : Optional.empty();
    }

    @Override
    public String key() {
        return stream;
    }
}

package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A stream opened batch {@code batchId}; {@code sourcePosition} is where reading starts. */
public record BatchStarted(String stream, String platform, long batchId, BatchKind kind,
                           List<DatasetSchema> datasets, String sourcePosition, Instant startedAt) implements Event {
    public BatchStarted {
        datasets = List.copyOf(datasets);
    }

    @Override
    public Optional<String> malformed() {
        return stream == null || kind == null || batchId < 1
                ? Optional.of("BatchStarted without its stream, kind or batch id") : Optional.empty();
    }

    @Override
    public String key() {
        return stream;
    }
}

package io.datasurface.modelservice.streams;

import io.datasurface.model.event.BatchKind;
import java.time.Instant;

/**
 * The batch a stream is ingesting and the merge has not committed yet.
 *
 * @param kind       null when the batch's {@code BatchStarted} was not seen (it left the topic)
 * @param startedAt  when the ingest-service (last) started it; null as for {@code kind}
 * @param rowsSealed all datasets' rows once the batch is sealed (all rows written to Kafka), else null
 * @param sealedAt   when it was sealed, else null
 */
public record OpenBatch(long batchId, BatchKind kind, Instant startedAt, Long rowsSealed, Instant sealedAt) {
}

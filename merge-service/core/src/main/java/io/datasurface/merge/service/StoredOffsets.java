package io.datasurface.merge.service;

import java.util.Map;
import java.util.Optional;

/**
 * Where the merge-service reads a partition of {@code datasurface.ingest} from when it is assigned: the lowest
 * next offset that the platforms with streams stored for it, so that no platform misses a record (a record
 * a platform applied before is recognised in that platform's own transaction and only moves its offset). From
 * the start when some platform stored none for the partition, or no platform has streams yet.
 *
 * @param bySchema each platform schema's stored next offsets, by partition
 */
record StoredOffsets(Map<String, Map<Integer, Long>> bySchema) {
    StoredOffsets {
        bySchema = Map.copyOf(bySchema);
    }

    /** The offset to read the partition from; empty for its start. */
    Optional<Long> nextOffset(int partition) {
        if (bySchema.isEmpty()) {
            return Optional.empty();
        }
        long from = Long.MAX_VALUE;
        for (Map<Integer, Long> stored : bySchema.values()) {
            Long next = stored.get(partition);
            if (next == null) {
                return Optional.empty();
            }
            from = Math.min(from, next);
        }
        return Optional.of(from);
    }
}

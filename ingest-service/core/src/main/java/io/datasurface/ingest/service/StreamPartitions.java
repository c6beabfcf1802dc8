package io.datasurface.ingest.service;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code datasurface.ingest-assignments} a stream belongs to: its key's murmur2 hash modulo
 * the partition count, as Kafka's default partitioner places a keyed record, so every instance (and every
 * release) computes the same. The instance the consumer group assigns that partition runs the stream.
 */
public final class StreamPartitions {
    private StreamPartitions() {
    }

    /**
     * @param stream     the stream's key ({@code platform/store} or {@code platform/store/dataset})
     * @param partitions the partition count of the assignment topic, at least 1
     */
    public static int of(String stream, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("the assignment topic needs at least one partition");
        }
        return Utils.toPositive(Utils.murmur2(stream.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}

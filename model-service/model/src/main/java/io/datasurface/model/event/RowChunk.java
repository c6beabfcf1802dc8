package io.datasurface.model.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Many rows of one dataset of a batch, encoded and compressed as {@code codec} says; {@code sequence}
 * counts chunks of the dataset from 0. The payload travels as base64 in JSON.
 */
public record RowChunk(String stream, long batchId, String dataset, int sequence, int rowCount, String codec,
                       byte[] payload) implements Event {
    public RowChunk {
        payload = payload == null ? new byte[0] : payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public Optional<String> malformed() {
        if (stream == null || dataset == null || codec == null || batchId < 1) {
            return Optional.of("RowChunk without its stream, dataset, codec or batch id");
        }
        return Optional.empty();
    }

    @Override
    public String key() {
        return stream;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowChunk r && batchId == r.batchId && sequence == r.sequence && rowCount == r.rowCount
                && Objects.equals(stream, r.stream) && Objects.equals(dataset, r.dataset)
                && Objects.equals(codec, r.codec) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, batchId, dataset, sequence, rowCount, codec, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "RowChunk[" + stream + " batch " + batchId + " " + dataset + " #" + sequence + ", " + rowCount
                + " rows, " + payload.length + " bytes " + codec + "]";
    }
}

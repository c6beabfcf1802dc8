package io.datasurface.ingest.kafka;

import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.RowCodec;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.graph.DatasetSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a reader's rows into RowChunk events: rows are encoded per dataset and cut into chunks of
 * {@code chunkRows} rows (or about {@code chunkBytes} bytes before compression). At each checkpoint the
 * chunks so far and the new state go out in one Kafka transaction ({@link Transactions}); rows after the
 * last checkpoint are dropped when the step ends without finishing (the reader reads them again), and
 * go out with the seal when the reader is through ({@link #finish}).
 */
final class KafkaBatchSink implements BatchSink {
    /** What the sink needs of the producer: send a chunk, and commit the chunks with the state. */
    interface Transactions {
        void send(RowChunk chunk);

        /** Commits what was sent since the previous checkpoint together with the stream's new state. */
        void checkpoint(String restartPoint, Map<String, Integer> nextChunk, Map<String, Long> rows);
    }

    private final String stream;
    private final long batchId;
    private final int chunkRows;
    private final int chunkBytes;
    private final Transactions tx;
    private final Map<String, RowCodec> codecs = new HashMap<>();
    private final Map<String, RowCodec.Encoder> open = new LinkedHashMap<>();
    private final Map<String, Integer> nextChunk;
    private final Map<String, Long> rows;

    KafkaBatchSink(String stream, long batchId, List<DatasetSpec> datasets, int chunkRows, int chunkBytes,
                   Map<String, Integer> nextChunk, Map<String, Long> rows, Transactions tx) {
        this.stream = stream;
        this.batchId = batchId;
        this.chunkRows = chunkRows;
        this.chunkBytes = chunkBytes;
        this.tx = tx;
        datasets.forEach(d -> codecs.put(d.name(), new RowCodec(d.columns())));
        this.nextChunk = new HashMap<>(nextChunk);
        this.rows = new HashMap<>(rows);
    }

    @Override
    public void row(String dataset, Object[] values) {
        add(dataset, RowCodec.UPSERT, values);
    }

    @Override
    public void delete(String dataset, Object[] values) {
        add(dataset, RowCodec.DELETE, values);
    }

    private void add(String dataset, byte op, Object[] values) {
        RowCodec.Encoder e = open.computeIfAbsent(dataset, d -> {
            RowCodec codec = codecs.get(d);
            if (codec == null) {
                throw new IllegalArgumentException("stream " + stream + " carries no dataset '" + d + "'");
            }
            return codec.encoder();
        });
        e.add(op, values);
        rows.merge(dataset, 1L, Long::sum);
        if (e.rows() >= chunkRows || e.rawBytes() >= chunkBytes) {
            flush(dataset);
        }
    }

    private void flush(String dataset) {
        RowCodec.Encoder e = open.remove(dataset);
        if (e == null || e.rows() == 0) {
            return;
        }
        int sequence = nextChunk.getOrDefault(dataset, 0);
        int n = e.rows();
        tx.send(new RowChunk(stream, batchId, dataset, sequence, n, RowCodec.CODEC, e.finish()));
        nextChunk.put(dataset, sequence + 1);
    }

    @Override
    public void checkpoint(String restartPoint) {
        List.copyOf(open.keySet()).forEach(this::flush);
        tx.checkpoint(restartPoint, Map.copyOf(nextChunk), Map.copyOf(rows));
    }

    /** The reader is through: sends the last rows (not checkpointed: they go with the seal). */
    void finish() {
        List.copyOf(open.keySet()).forEach(this::flush);
    }

    /** Chunks sent per dataset, including those of the open transaction. */
    Map<String, Integer> nextChunk() {
        return Map.copyOf(nextChunk);
    }

    /** Rows sent per dataset, including those of the open transaction. */
    Map<String, Long> rows() {
        return Map.copyOf(rows);
    }
}

package io.datasurface.ingest.snapshot;

import io.datasurface.model.Milestoning;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import io.datasurface.model.graph.DatasetSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The diff of the datasets whose key is one integer column ({@link DatasetHashing#integerKey}), in key order: the
 * snapshot reads the source in key order, and a {@link DigestStream} reads the merge table's current keys and change
 * hashes in the same order at the same time, so each source row meets its merge-table row without a hash table, and
 * a merge-table key that the source passes over is a delete, written right there (the source's next row comes after
 * it). The tail of a dataset (the merge table's keys after the source's last) is written when the source moves to
 * a later dataset, or by {@link #finish}.
 *
 * <p>One per step of a batch. The step starts at the snapshot's restart point: the datasets before its dataset are
 * done, and that dataset's merge-table keys up to its key were dealt with. A run of deletes longer than a chunk gets
 * checkpoints of its own, at the last key deleted: a step resuming there reads the source after that key, and no
 * source row after it was written yet.
 */
final class SortedDiff implements AutoCloseable {
    /** Where the rows and deletes go, and how checkpoints are made. */
    interface Out {
        /**
         * A delete; when it fills the chunk, a checkpoint follows at {@code restartPoint} (asked only then): the
         * snapshot is to resume after that key.
         */
        void delete(String dataset, Object[] values, Supplier<String> restartPoint);
    }

    private final List<DatasetSpec> datasets;
    private final Map<String, DatasetHashing> hashing;
    private final Connection mergeStore;
    private final String schema;
    private final Milestoning milestoning;
    private final int fetchSize;
    private final String streamKey;
    private final Out out;
    private final int start;
    private final Long startAfter;
    /** The next dataset (index) whose merge table has not been compared yet. */
    private int next;
    private int current = -1;
    private DigestStream digest;
    private boolean digestValid;
    private long lastDigestKey;
    private boolean anySource;
    private long lastSourceKey;

    /**
     * @param start      index of the dataset the step starts in
     * @param startAfter that dataset's key the step starts after, or null
     */
    SortedDiff(List<DatasetSpec> datasets, Map<String, DatasetHashing> hashing, Connection mergeStore, String schema,
               Milestoning milestoning, int fetchSize, String streamKey, int start, Long startAfter, Out out) {
        this.datasets = datasets;
        this.hashing = hashing;
        this.mergeStore = mergeStore;
        this.schema = schema;
        this.milestoning = milestoning;
        this.fetchSize = fetchSize;
        this.streamKey = streamKey;
        this.start = start;
        this.next = start;
        this.startAfter = startAfter;
        this.out = out;
    }

    /**
     * Compares a source row of the dataset (one of the integer-key ones) with its merge-table row, after writing the
     * deletes of the merge-table keys before it; true when the row is to be sent (new or changed).
     */
    boolean row(int index, DatasetHashing h, Object[] values, long rowHash) {
        if (index != current) {
            reach(index);
            open(index);
            current = index;
            next = index + 1;
        }
        long key = ((Number) values[h.keyIndexes()[0]]).longValue();
        if (anySource && key <= lastSourceKey) {
            if (key == lastSourceKey) {
                throw DiffSnapshotReader.shownTwice(h, h.dataset().name(), h.keyOf(values));
            }
            throw new DatasurfaceException("stream " + streamKey + ": the source gave dataset " + h.dataset().name()
                    + "'s key " + key + " after " + lastSourceKey + ", out of key order", false);
        }
        anySource = true;
        lastSourceKey = key;
        while (digestValid && lastDigestKey < key) {
            delete(h, lastDigestKey);
            advance(h);
        }
        if (digestValid && lastDigestKey == key) {
            boolean changed = digest.hash() != rowHash;
            advance(h);
            return changed;
        }
        return true;
    }

    /** Writes the deletes of every merge-table key not compared yet, up to the last integer-key dataset. */
    void finish() {
        reach(datasets.size());
    }

    @Override
    public void close() {
        if (digest != null) {
            digest.close();
            digest = null;
        }
    }

    /**
     * Ends the integer-key datasets before {@code index}: the rest of their merge tables' keys are deletes. Called
     * with each source row's dataset, so the deletes come before any row of a later dataset.
     */
    void reach(int index) {
        if (index < next && index != current) {
            throw new IllegalStateException("the snapshot went back from dataset " + current + " to " + index);
        }
        if (current >= 0 && current < index) {
            drain(hashing.get(datasets.get(current).name()));
            current = -1;
        }
        for (int i = next; i < Math.min(index, datasets.size()); i++) {
            DatasetHashing h = hashing.get(datasets.get(i).name());
            if (h.integerKey()) {
                open(i);
                drain(h);
            }
        }
        next = Math.max(next, index);
    }

    private void open(int index) {
        close();
        DatasetSpec d = datasets.get(index);
        DatasetHashing h = hashing.get(d.name());
        Long after = index == start ? startAfter : null; // a dataset is opened once a step
        String key = DiffSnapshotReader.quote(d.columns().get(h.keyIndexes()[0]).name());
        String sql = DiffSnapshotReader.currentRows(schema, milestoning, d.mergeTable(), key,
                after == null ? null : key + " > ?", key);
        digest = new DigestStream(mergeStore, sql, after, fetchSize, "digest of " + streamKey);
        anySource = false;
        advance(h);
    }

    private void drain(DatasetHashing h) {
        while (digestValid) {
            delete(h, lastDigestKey);
            advance(h);
        }
        close();
    }

    private void advance(DatasetHashing h) {
        boolean had = digestValid;
        long previous = lastDigestKey;
        try {
            digestValid = digest.advance();
        } catch (SQLException e) {
            throw new DatasurfaceException("reading the change hashes of " + schema + "." + h.dataset().mergeTable()
                    + " in the merge store failed: " + SqlFaults.message(e), SqlFaults.retriable(e), e);
        }
        if (digestValid) {
            lastDigestKey = digest.key();
            if (had && lastDigestKey <= previous) {
                throw new DatasurfaceException("merge table " + schema + "." + h.dataset().mergeTable() + " holds key "
                        + lastDigestKey + " twice among its current rows; the stream must start again with a full "
                        + "snapshot: POST /streams/" + streamKey + "/restart", false);
            }
        }
    }

    private void delete(DatasetHashing h, long key) {
        Object[] values = new Object[h.dataset().columns().size()];
        values[h.keyIndexes()[0]] = h.integerKeyValue(key);
        String name = h.dataset().name();
        out.delete(name, values, () -> SnapshotRestart.of(name, List.of(h.keyTypes()),
                new Object[] {h.integerKeyValue(key)}));
    }
}

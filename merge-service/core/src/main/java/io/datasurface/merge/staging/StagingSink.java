package io.datasurface.merge.staging;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.Faults;
import io.datasurface.merge.store.MergeColumns;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A {@link BatchSink} that streams rows into the staging tables with COPY, hashing each row on the
 * way. Rows and the restart point become durable together: {@link #checkpoint} ends the COPY, records
 * the restart point and the staged row counts through {@link Checkpoints}, and commits — so a crash
 * at any moment leaves staging and the batch row in agreement.
 */
public final class StagingSink implements BatchSink {
    private static final int FLUSH_BYTES = 1 << 20;

    /** Records checkpoints in the batch row, in the sink's transaction. */
    public interface Checkpoints {
        /** The rows so far are staged and reading resumes at {@code restartPoint}. */
        void record(String restartPoint, Map<String, Long> loaded) throws SQLException;

        /** Every row of the batch is staged. */
        void finish(Map<String, Long> loaded) throws SQLException;
    }

    private final Dialect dialect;
    private final Connection connection;
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, Long> loaded;
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final Checkpoints checkpoints;
    private Target current;
    private CopyIn copy;
    private long rowsSinceStart;

    private record Target(DatasetTables tables, List<TypeKind> kinds, RowHasher hasher, CopyRowWriter writer,
                          int[] keyIndexes) {
    }

    /**
     * @param connection the merge store, autocommit off, used by nothing else while the sink is open
     * @param loaded     rows already staged per dataset by earlier checkpoints of this batch (updated here)
     */
    public StagingSink(Dialect dialect, Connection connection, List<DatasetTables> datasets, Map<String, Long> loaded,
                       Checkpoints checkpoints) {
        this.dialect = dialect;
        this.connection = connection;
        this.loaded = loaded;
        this.checkpoints = checkpoints;
        for (DatasetTables t : datasets) {
            List<TypeKind> kinds = t.columns().stream().map(c -> c.type().kind()).toList();
            int[] keys = t.keys().stream().mapToInt(t::indexOf).toArray();
            targets.put(t.dataset(), new Target(t, kinds, new RowHasher(kinds), new CopyRowWriter(kinds), keys));
        }
    }

    @Override
    public void row(String dataset, Object[] values) {
        Target t = target(dataset, values);
        t.writer.row(values, MergeColumns.OP_UPSERT, nextSeq(dataset), t.hasher.hash(values));
        written(t);
    }

    @Override
    public void delete(String dataset, Object[] values) {
        Target t = target(dataset, values);
        for (int k : t.keyIndexes) {
            if (values[k] == null) {
                throw new DatasurfaceException("a delete of dataset '" + dataset + "' has no value for key column '"
                        + t.tables.columns().get(k).name() + "'", false);
            }
        }
        t.writer.row(values, MergeColumns.OP_DELETE, nextSeq(dataset), null);
        written(t);
    }

    @Override
    public void checkpoint(String restartPoint) {
        commit(after -> checkpoints.record(restartPoint, after));
    }

    /** Makes the last rows durable together with the end of the batch's reading. */
    public void finish() {
        commit(checkpoints::finish);
    }

    private interface Record {
        void apply(Map<String, Long> loadedAfter) throws SQLException;
    }

    private void commit(Record record) {
        try {
            endCopy();
            Map<String, Long> after = new LinkedHashMap<>(loaded);
            pending.forEach((d, n) -> after.merge(d, n, Long::sum));
            record.apply(after);
            connection.commit();
            loaded.clear();
            loaded.putAll(after);
            pending.clear();
        } catch (SQLException e) {
            throw Faults.of("writing rows to staging", e);
        }
    }

    /** Rows staged so far by this batch, committed checkpoints only. */
    public long rowsStaged() {
        return loaded.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows written through this sink since it was made (committed or not). */
    public long rowsWritten() {
        return rowsSinceStart;
    }

    /** Abandons rows not yet checkpointed. */
    public void abort() {
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the rollback below discards the rows anyway
        } finally {
            copy = null;
            current = null;
            pending.clear();
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // a broken connection has nothing to roll back
            }
        }
    }

    private long nextSeq(String dataset) {
        long n = pending.getOrDefault(dataset, 0L);
        pending.put(dataset, n + 1);
        return loaded.getOrDefault(dataset, 0L) + n;
    }

    private Target target(String dataset, Object[] values) {
        Target t = targets.get(dataset);
        if (t == null) {
            throw new DatasurfaceException("a reader wrote rows of dataset '" + dataset + "', which this stream does "
                    + "not carry", false);
        }
        if (values.length != t.kinds.size()) {
            throw new DatasurfaceException("a reader wrote " + values.length + " values for dataset '" + dataset
                    + "', which has " + t.kinds.size() + " columns", false);
        }
        if (t != current) {
            try {
                endCopy();
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(dialect.copyIntoStaging(t.tables));
            } catch (SQLException e) {
                throw Faults.of("starting COPY into " + t.tables.stagingTable(), e);
            }
            current = t;
        }
        return t;
    }

    private void written(Target t) {
        rowsSinceStart++;
        if (t.writer.size() >= FLUSH_BYTES) {
            flush(t);
        }
    }

    private void flush(Target t) {
        if (t.writer.size() == 0) {
            return;
        }
        try {
            byte[] bytes = t.writer.buffer();
            copy.writeToCopy(bytes, 0, bytes.length);
            t.writer.reset();
        } catch (SQLException e) {
            throw Faults.of("writing rows to " + t.tables.stagingTable(), e);
        }
    }

    private void endCopy() throws SQLException {
        if (current != null) {
            flush(current);
            copy.endCopy();
            copy = null;
            current = null;
        }
    }
}

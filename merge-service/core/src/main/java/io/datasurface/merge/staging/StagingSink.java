package io.datasurface.merge.staging;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.Faults;
import io.datasurface.merge.store.TableColumn;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.RowHasher;
import io.datasurface.model.batch.ValueText;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.naming.MergeColumns;
import io.datasurface.model.type.TypeKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A {@link BatchSink} that streams rows with COPY, hashing each row on the way.
 *
 * <p>Into staging ({@link #staging}): rows and the restart point become durable together —
 * {@link #checkpoint} ends the COPY, records the restart point and the staged row counts through
 * {@link Checkpoints}, and commits — so a crash at any moment leaves staging and the batch row in
 * agreement.
 *
 * <p>Straight into empty merge tables ({@link #direct}), for a FULL batch that is read in one step:
 * nothing is committed until {@link #finish}, which records the batch and commits rows and batch
 * together; checkpoints only count chunks.
 */
public final class StagingSink implements BatchSink {
    private static final int FLUSH_BYTES = 1 << 20;

    /** Records checkpoints in the batch row, in the sink's transaction. */
    public interface Checkpoints {
        /** The rows so far are staged and reading resumes at {@code restartPoint}. */
        void record(String restartPoint, Map<String, Long> loaded) throws SQLException;

        /** Every row of the batch is written; the batch ends at {@code sourcePosition}. */
        void finish(Map<String, Long> loaded, String sourcePosition) throws SQLException;

        /** A direct load became a staged batch that resumes at {@code restartPoint}. */
        default void moved(String restartPoint, Map<String, Long> loaded) throws SQLException {
            record(restartPoint, loaded);
        }
    }

    private final Dialect dialect;
    private final Connection connection;
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, Long> loaded;
    private final Checkpoints checkpoints;
    private final Milestoning direct;
    private final int batchId;
    private Target current;
    private CopyIn copy;
    private String lastRestartPoint;
    private Map<String, Long> lastCheckpoint;

    private static final class Target {
        final DatasetTables tables;
        final int columns;
        final RowHasher hasher;
        final CopyRowWriter writer;
        final int[] keyIndexes;
        final TypeKind[] kinds;
        final String[] literals;
        long pending;

        Target(DatasetTables tables) {
            this.tables = tables;
            List<TypeKind> kinds = tables.columns().stream().map(c -> c.type().kind()).toList();
            this.columns = kinds.size();
            this.hasher = new RowHasher(tables.columns().stream().map(TableColumn::name).toList(), kinds);
            this.writer = new CopyRowWriter(kinds);
            this.keyIndexes = tables.keys().stream().mapToInt(tables::indexOf).toArray();
            this.kinds = kinds.toArray(TypeKind[]::new);
            this.literals = new String[kinds.size()];
        }

        /** Each value's literal, once per row, shared by the hash and the COPY line. */
        String[] literals(Object[] values) {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                literals[i] = v == null ? null : ValueText.literal(kinds[i], v);
            }
            return literals;
        }
    }

    private StagingSink(Dialect dialect, Connection connection, List<DatasetTables> datasets, Map<String, Long> loaded,
                        Checkpoints checkpoints, Milestoning direct, long batchId) {
        this.dialect = dialect;
        this.connection = connection;
        this.loaded = loaded;
        this.checkpoints = checkpoints;
        this.direct = direct;
        this.batchId = Math.toIntExact(batchId);
        for (DatasetTables t : datasets) {
            targets.put(t.dataset(), new Target(t));
        }
    }

    /**
     * Rows go to the staging tables.
     *
     * @param connection the merge store, autocommit off, used by nothing else while the sink is open
     * @param loaded     rows already staged per dataset by earlier checkpoints of this batch (updated here)
     */
    public static StagingSink staging(Dialect dialect, Connection connection, List<DatasetTables> datasets,
                                      Map<String, Long> loaded, Checkpoints checkpoints) {
        return new StagingSink(dialect, connection, datasets, loaded, checkpoints, null, 0);
    }

    /** Rows of FULL batch {@code batchId} go straight into the (empty) merge tables, in one transaction. */
    public static StagingSink direct(Dialect dialect, Connection connection, List<DatasetTables> datasets,
                                     Milestoning milestoning, long batchId, Checkpoints checkpoints) {
        return new StagingSink(dialect, connection, datasets, new HashMap<>(), checkpoints, milestoning, batchId);
    }

    @Override
    public void row(String dataset, Object[] values) {
        Target t = target(dataset, values);
        String[] literals = t.literals(values);
        long hash = t.hasher.hash(values, literals);
        if (direct == null) {
            t.writer.row(values, literals, MergeColumns.OP_UPSERT, nextSeq(t), hash);
        } else {
            t.pending++;
            t.writer.values(values, literals);
            t.writer.number(batchId);
            if (direct == Milestoning.FORENSIC) {
                t.writer.number(MergeColumns.LIVE);
            }
            t.writer.number(hash);
            t.writer.end();
        }
        written(t);
    }

    @Override
    public void delete(String dataset, Object[] values) {
        Target t = target(dataset, values);
        if (direct != null) {
            throw new DatasurfaceException("a FULL batch cannot hold deletes; this is a bug in the reader", false);
        }
        for (int k : t.keyIndexes) {
            if (values[k] == null) {
                throw new DatasurfaceException("a delete of dataset '" + dataset + "' has no value for key column '"
                        + t.tables.columns().get(k).name() + "'", false);
            }
        }
        t.writer.row(values, MergeColumns.OP_DELETE, nextSeq(t), null);
        written(t);
    }

    @Override
    public void checkpoint(String restartPoint) {
        if (direct == null) {
            commit(after -> checkpoints.record(restartPoint, after));
            return;
        }
        try {
            endCopy(); // a row the merge table refuses is reported at the chunk that carried it
            lastRestartPoint = restartPoint;
            lastCheckpoint = loadedAfter();
            checkpoints.record(restartPoint, lastCheckpoint); // nothing commits before the batch
        } catch (SQLException e) {
            throw Faults.ofDirectLoad(e, datasetByTable());
        }
    }

    private Map<String, Long> loadedAfter() {
        Map<String, Long> after = new LinkedHashMap<>(loaded);
        for (Target t : targets.values()) {
            if (t.pending > 0) {
                after.merge(t.tables.dataset(), t.pending, Long::sum);
            }
        }
        return after;
    }

    /**
     * A direct load that did not fit in one step becomes a staged batch: the rows written up to the last
     * checkpoint move from the merge tables to staging and commit with that restart point, so the next
     * step continues through staging without reading anything again.
     *
     * @return false when rows were written after the last checkpoint (nothing was changed then: abort
     *         and read again through staging)
     */
    public boolean moveToStaging() {
        if (direct == null || lastCheckpoint == null || !lastCheckpoint.equals(loadedAfter())) {
            return false;
        }
        try {
            endCopy();
            try (Statement s = connection.createStatement()) {
                for (Target t : targets.values()) {
                    s.execute(dialect.moveMergeToStaging(t.tables));
                    s.execute(dialect.truncate(t.tables.schema(), t.tables.mergeTable()));
                }
            }
            checkpoints.moved(lastRestartPoint, lastCheckpoint);
            connection.commit();
            loaded.putAll(lastCheckpoint);
            targets.values().forEach(t -> t.pending = 0);
            return true;
        } catch (SQLException e) {
            throw Faults.of("moving a first load to staging", e);
        }
    }

    /** Makes the last rows durable together with the end of the batch's reading, in one transaction. */
    public void finish(String sourcePosition) {
        commit(after -> checkpoints.finish(after, sourcePosition));
    }

    private interface Record {
        void apply(Map<String, Long> loadedAfter) throws SQLException;
    }

    private void commit(Record record) {
        try {
            endCopy();
            Map<String, Long> after = loadedAfter();
            record.apply(after);
            connection.commit();
            loaded.clear();
            loaded.putAll(after);
            targets.values().forEach(t -> t.pending = 0);
        } catch (SQLException e) {
            throw direct == null ? Faults.of("writing rows to staging", e) : Faults.ofDirectLoad(e, datasetByTable());
        }
    }

    private Map<String, String> datasetByTable() {
        Map<String, String> map = new HashMap<>();
        targets.values().forEach(t -> map.put(t.tables.mergeTable(), t.tables.dataset()));
        return map;
    }

    /** Rows staged so far by this batch, committed checkpoints only. */
    public long rowsStaged() {
        return loaded.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Abandons rows not yet committed. */
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
            targets.values().forEach(t -> {
                t.pending = 0;
                t.writer.reset();
            });
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // a broken connection has nothing to roll back
            }
        }
    }

    private long nextSeq(Target t) {
        return loaded.getOrDefault(t.tables.dataset(), 0L) + t.pending++;
    }

    private Target target(String dataset, Object[] values) {
        Target t = targets.get(dataset);
        if (t == null) {
            throw new DatasurfaceException("a reader wrote rows of dataset '" + dataset + "', which this stream does "
                    + "not carry", false);
        }
        if (values.length != t.columns) {
            throw new DatasurfaceException("a reader wrote " + values.length + " values for dataset '" + dataset
                    + "', which has " + t.columns + " columns", false);
        }
        if (t != current) {
            Target previous = current;
            try {
                endCopy();
            } catch (SQLException e) {
                throw direct != null ? Faults.ofDirectLoad(e, datasetByTable())
                        : Faults.of("writing rows of dataset '" + previous.tables.dataset() + "' to staging", e);
            }
            try {
                String sql = direct == null ? dialect.copyIntoStaging(t.tables) : dialect.copyIntoMerge(t.tables, direct);
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            } catch (SQLException e) {
                throw Faults.of("starting COPY for dataset '" + t.tables.dataset() + "'", e);
            }
            current = t;
        }
        return t;
    }

    private void written(Target t) {
        if (t.writer.size() >= FLUSH_BYTES) {
            flush(t);
        }
    }

    private void flush(Target t) {
        if (t.writer.size() == 0) {
            return;
        }
        try {
            copy.writeToCopy(t.writer.array(), 0, t.writer.size());
            t.writer.reset();
        } catch (SQLException e) {
            throw direct == null ? Faults.of("writing rows to " + t.tables.stagingTable(), e) : Faults.ofDirectLoad(e, datasetByTable());
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

package io.datasurface.merge.job;

import io.datasurface.merge.batch.BatchRecord;
import io.datasurface.merge.batch.BatchStatus;
import io.datasurface.merge.batch.BatchStore;
import io.datasurface.merge.forensic.ForensicMerge;
import io.datasurface.merge.live.LiveMerge;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.staging.StagingSink;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.Faults;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Runs one step of one ingestion stream against the merge store: starts a batch (after the previous
 * one committed), continues reading it into staging, or merges it — every dataset and the batch's
 * COMMITTED status in one transaction. A crash at any moment loses nothing: rows and restart points
 * are committed together, and a batch whose staging no longer matches its record (an unlogged table
 * emptied by a server crash) or whose schema changed is started again.
 */
public final class StreamStep {
    private static final System.Logger LOG = System.getLogger(StreamStep.class.getName());
    private final Connection connection;
    private final PostgresDialect dialect;
    private final String schema;
    private final Milestoning milestoning;
    private final IngestionNode node;
    private final List<DatasetTables> tables;
    private final LongConsumer progress;

    /**
     * @param connection a merge store connection used only by this step
     * @param progress   told the rows staged so far after each checkpoint
     */
    public StreamStep(Connection connection, String schema, Milestoning milestoning, IngestionNode node,
                      LongConsumer progress) {
        this.connection = connection;
        this.schema = schema;
        this.milestoning = milestoning;
        this.node = node;
        this.progress = progress;
        try {
            this.dialect = new PostgresDialect(connection.getMetaData().getDatabaseMajorVersion());
        } catch (SQLException e) {
            throw Faults.of("reading the merge store's version", e);
        }
        this.tables = node.datasets().stream().map(d -> DatasetTables.of(schema, d)).toList();
    }

    /** Runs the step; never throws for faults of the source or the merge store (they become ERROR). */
    public StepResult run(BatchSource source, int maxChunks) {
        long started = System.nanoTime();
        String stream = node.key();
        long batchId = 0;
        StagingSink sink = null;
        boolean locked = false;
        try {
            connection.setAutoCommit(false);
            new MergeTables(dialect, connection).ensureSchema(schema);
            connection.commit();
            locked = lock(true);
            if (!locked) {
                return error(stream, 0, started, true, "another process is running this stream now; try again when "
                        + "it has finished");
            }
            BatchStore batches = new BatchStore(dialect, connection, schema);
            BatchRecord batch = openBatch(batches, source.kind());
            batchId = batch.batchId();
            if (batch.status() == BatchStatus.STARTED) {
                Map<String, Long> loaded = new HashMap<>(batch.loaded());
                long id = batchId;
                sink = new StagingSink(dialect, connection, tables, loaded, new StagingSink.Checkpoints() {
                    @Override
                    public void record(String restartPoint, Map<String, Long> after) throws SQLException {
                        batches.checkpoint(stream, id, restartPoint, after);
                        progress.accept(after.values().stream().mapToLong(Long::longValue).sum());
                    }

                    @Override
                    public void finish(Map<String, Long> after) throws SQLException {
                        batches.checkpoint(stream, id, null, after);
                    }
                });
                BatchSource.ReadOutcome outcome = source.read(batch.restartPoint(), batch.previousPosition(),
                        Math.max(1, maxChunks), sink);
                if (!outcome.finished()) {
                    sink.abort(); // rows after the last checkpoint are read again next step
                    return new StepResult(StepOutcome.KEEP_WORKING, stream, batchId, List.of(), sink.rowsStaged(),
                            seconds(started), true, null);
                }
                sink.finish();
                batches.ingested(stream, batchId, outcome.sourcePosition());
                connection.commit();
                batch = batches.latest(stream).orElseThrow();
            }
            List<DatasetCounts> counts = merge(batches, batch);
            return new StepResult(StepOutcome.DONE, stream, batchId, counts,
                    counts.stream().mapToLong(DatasetCounts::total).sum(), seconds(started), true, null);
        } catch (DatasurfaceException e) {
            return failed(stream, batchId, sink, started, e.retriable(), e.getMessage());
        } catch (SQLException e) {
            DatasurfaceException fault = Faults.of("the merge store", e);
            return failed(stream, batchId, sink, started, fault.retriable(), fault.getMessage());
        } finally {
            if (locked) {
                unlock();
            }
        }
    }

    /** The batch to work on: a new one after a committed one, or the open one (started again if needed). */
    private BatchRecord openBatch(BatchStore batches, BatchKind kind) throws SQLException {
        String stream = node.key();
        Optional<BatchRecord> last = batches.latest(stream);
        List<DatasetSchema> schemas = node.datasets().stream()
                .map(d -> new DatasetSchema(d.name(), d.fingerprint())).toList();
        if (last.isEmpty() || last.get().status() == BatchStatus.COMMITTED) {
            prepareTables();
            batches.insert(stream, last.map(b -> b.batchId() + 1).orElse(1L), kind, schemas,
                    last.map(BatchRecord::sourcePosition).orElse(null));
            connection.commit();
            return batches.latest(stream).orElseThrow();
        }
        BatchRecord open = last.get();
        String why = null;
        if (open.status() == BatchStatus.FAILED) {
            why = "it failed";
        } else if (!open.datasets().equals(schemas) || open.kind() != kind) {
            why = "the model's schema of its datasets changed";
        } else if (!stagingMatches(open)) {
            why = "its staged rows were lost (the merge store restarted after a crash)";
        }
        if (why != null) {
            LOG.log(System.Logger.Level.INFO, "stream {0}: starting batch {1} again because {2}", stream,
                    open.batchId(), why);
            prepareTables();
            batches.restart(stream, open.batchId(), kind, schemas);
            connection.commit();
            return batches.latest(stream).orElseThrow();
        }
        return open;
    }

    private void prepareTables() throws SQLException {
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            ddl.prepare(t, milestoning);
        }
    }

    private boolean stagingMatches(BatchRecord open) throws SQLException {
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            if (ddl.columns(schema, t.stagingTable()).isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = connection.prepareStatement(dialect.countRows(schema, t.stagingTable()));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != open.loaded().getOrDefault(t.dataset(), 0L)) {
                    return false;
                }
            }
        }
        connection.commit();
        return true;
    }

    /** Merges every dataset and marks the batch COMMITTED, all in one transaction. */
    private List<DatasetCounts> merge(BatchStore batches, BatchRecord batch) throws SQLException {
        List<DatasetCounts> counts = new ArrayList<>();
        for (DatasetTables t : tables) {
            if (batch.kind() == BatchKind.FULL) {
                checkSnapshot(t);
            }
            long total = batch.loaded().getOrDefault(t.dataset(), 0L);
            counts.add(milestoning == Milestoning.FORENSIC
                    ? ForensicMerge.merge(dialect, connection, t, batch.kind(), batch.batchId(), total)
                    : LiveMerge.merge(dialect, connection, t, batch.kind(), batch.batchId(), total));
        }
        batches.committed(node.key(), batch.batchId(), counts);
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            ddl.resetStaging(t);
        }
        connection.commit();
        return counts;
    }

    /** A snapshot has no row without a key and no key twice. */
    private void checkSnapshot(DatasetTables t) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.findNullKey(t)); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                throw new DatasurfaceException("dataset '" + t.dataset() + "': the snapshot has a row whose key ("
                        + String.join(", ", t.keys()) + ") is NULL; fix the source, keys must not be NULL", false);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.findDuplicateKey(t));
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= t.keys().size(); i++) {
                    values.add(rs.getString(i));
                }
                throw new DatasurfaceException("dataset '" + t.dataset() + "': the snapshot holds key ("
                        + String.join(", ", t.keys()) + ")=(" + String.join(", ", values) + ") more than once; the "
                        + "source's key is not unique, so the batch was not committed", false);
            }
        }
    }

    private StepResult failed(String stream, long batchId, StagingSink sink, long started, boolean retriable,
                              String message) {
        if (sink != null) {
            sink.abort();
        } else {
            rollbackQuietly();
        }
        if (batchId > 0) {
            try {
                BatchStore batches = new BatchStore(dialect, connection, schema);
                if (retriable) {
                    batches.noteError(stream, batchId, message);
                } else {
                    batches.failed(stream, batchId, message);
                }
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(); // the merge store is gone; the batch keeps its state and the next step retries
            }
        }
        return error(stream, batchId, started, retriable, message);
    }

    private StepResult error(String stream, long batchId, long started, boolean retriable, String message) {
        return new StepResult(StepOutcome.ERROR, stream, batchId, List.of(), 0, seconds(started), retriable, message);
    }

    private boolean lock(boolean take) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(take ? dialect.tryStreamLock() : dialect.unlockStream())) {
            ps.setString(1, schema);
            ps.setString(2, node.key());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean result = rs.getBoolean(1);
                connection.commit();
                return result;
            }
        }
    }

    private void unlock() {
        try {
            rollbackQuietly();
            lock(false);
        } catch (SQLException ignored) {
            // a session lock ends with its connection anyway
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // nothing to roll back on a broken connection
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

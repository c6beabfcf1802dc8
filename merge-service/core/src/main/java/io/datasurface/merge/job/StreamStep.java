package io.datasurface.merge.job;

import io.datasurface.merge.batch.BatchRecord;
import io.datasurface.merge.batch.BatchStatus;
import io.datasurface.merge.batch.BatchStore;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.staging.StagingSink;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.Faults;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Runs one step of one ingestion stream against the merge store: starts a batch (after the previous
 * one committed), continues reading it into staging, or merges it — every dataset and the batch's
 * COMMITTED status in one transaction. A crash at any moment loses nothing: rows and restart points
 * are committed together, and a batch whose staging no longer matches its record (an unlogged table
 * emptied by a server crash) or whose schema changed is started again.
 *
 * <p>A FULL batch into empty merge tables (a first load) is first tried straight into the merge
 * tables, without staging, in one transaction with the batch's COMMITTED status; when the source has
 * more rows than the step's chunk budget, that attempt is rolled back and the batch is read through
 * staging in restartable steps instead.
 */
public final class StreamStep {
    /** How long a step waits, by default, for another process to release the stream. */
    public static final int LOCK_WAIT_SECONDS = 15;

    private final Connection connection;
    private final PostgresDialect dialect;
    private final String schema;
    private final Milestoning milestoning;
    private final IngestionNode node;
    private final List<DatasetTables> tables;
    private final LongConsumer progress;
    private int lockWaitSeconds = LOCK_WAIT_SECONDS;
    private StagingSink sink;

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

    /**
     * How long to wait for another process to release the stream before giving up with ERROR (the server
     * may still be finishing the statement of a process that was just killed).
     */
    public StreamStep lockWait(int seconds) {
        this.lockWaitSeconds = seconds;
        return this;
    }

    /** Runs the step; never throws for faults of the source, the reader or the merge store (they become ERROR). */
    public StepResult run(BatchSource source, int maxChunks) {
        long started = System.nanoTime();
        String stream = node.key();
        long batchId = 0;
        StreamLock lock = new StreamLock(dialect, connection, schema, stream);
        boolean locked = false;
        try {
            source.check(); // before anything is written: a source the model does not fit changes nothing here
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute(dialect.keepalives());
            }
            connection.commit();
            new MergeTables(dialect, connection).ensureSchema(schema);
            locked = lock.take(lockWaitSeconds);
            if (!locked) {
                return error(stream, 0, started, true, "another process is running this stream now (waited "
                        + lockWaitSeconds + " s); try again when it has finished. If none is, a vanished client "
                        + "still holds the stream's lock: find it in pg_locks (locktype advisory) and end it with "
                        + "pg_terminate_backend");
            }
            BatchStore batches = new BatchStore(dialect, connection, schema);
            BatchOpening opening = new BatchOpening(dialect, connection, schema, milestoning, stream, tables);
            BatchRecord batch = opening.open(batches, source.kind());
            batchId = batch.batchId();
            int budget = Math.max(1, maxChunks);
            if (batch.status() == BatchStatus.STARTED && isFirstLoad(batch) && opening.mergeTablesEmpty()) {
                Optional<StepResult> direct = loadDirectly(batches, batch, source, budget, started);
                if (direct.isPresent()) {
                    return direct.get();
                }
            }
            if (batch.status() == BatchStatus.STARTED) {
                if (!readIntoStaging(batches, batch, source, budget)) {
                    return new StepResult(StepOutcome.KEEP_WORKING, stream, batchId, List.of(), sink.rowsStaged(),
                            seconds(started), true, null);
                }
                batch = batches.latest(stream).orElseThrow();
            }
            List<DatasetCounts> counts = new BatchMerging(dialect, connection, milestoning, tables).merge(batches, batch);
            return done(stream, batchId, counts, started);
        } catch (DatasurfaceException e) {
            return failed(stream, batchId, started, e.retriable(), e.getMessage());
        } catch (SQLException e) {
            DatasurfaceException fault = Faults.of("the merge store", e);
            return failed(stream, batchId, started, fault.retriable(), fault.getMessage());
        } catch (RuntimeException e) {
            // a reader's own bug or an unexpected fault: the batch keeps its state, so nothing is lost
            return failed(stream, batchId, started, true, "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (locked) {
                rollbackQuietly();
                lock.release();
            }
        }
    }

    /** The stream's first batch, a FULL one, not begun yet. */
    private static boolean isFirstLoad(BatchRecord batch) {
        return batch.batchId() == 1 && batch.kind() == BatchKind.FULL && batch.restartPoint() == null
                && batch.loaded().isEmpty();
    }

    /**
     * A first load straight into the empty merge tables. When the source holds more than the step's
     * budget, the rows read so far move to staging and the step ends KEEP_WORKING; empty when even that
     * was not possible (then the batch is read again through staging).
     */
    private Optional<StepResult> loadDirectly(BatchStore batches, BatchRecord batch, BatchSource source, int budget,
                                              long started) {
        String stream = batch.stream();
        long id = batch.batchId();
        AtomicReference<List<DatasetCounts>> committed = new AtomicReference<>();
        sink = StagingSink.direct(dialect, connection, tables, milestoning, id, new StagingSink.Checkpoints() {
            @Override
            public void record(String restartPoint, Map<String, Long> after) {
                progress.accept(after.values().stream().mapToLong(Long::longValue).sum()); // nothing durable yet
            }

            @Override
            public void moved(String restartPoint, Map<String, Long> after) throws SQLException {
                batches.checkpoint(stream, id, restartPoint, after);
            }

            @Override
            public void finish(Map<String, Long> after, String sourcePosition) throws SQLException {
                committed.set(new BatchMerging(dialect, connection, milestoning, tables)
                        .firstLoad(batches, stream, id, after, sourcePosition));
            }
        });
        BatchSource.ReadOutcome outcome = source.read(null, batch.previousPosition(), budget, sink);
        if (!outcome.finished()) {
            if (sink.moveToStaging()) {
                return Optional.of(new StepResult(StepOutcome.KEEP_WORKING, stream, id, List.of(), sink.rowsStaged(),
                        seconds(started), true, null));
            }
            sink.abort(); // rows after the last checkpoint: read the batch again through staging
            sink = null;
            return Optional.empty();
        }
        sink.finish(outcome.sourcePosition());
        return Optional.of(done(stream, id, committed.get(), started));
    }

    /** Reads the batch on into staging; true when it is fully read (and INGESTED). */
    private boolean readIntoStaging(BatchStore batches, BatchRecord batch, BatchSource source, int budget) {
        String stream = batch.stream();
        long id = batch.batchId();
        sink = StagingSink.staging(dialect, connection, tables, new HashMap<>(batch.loaded()),
                new StagingSink.Checkpoints() {
                    @Override
                    public void record(String restartPoint, Map<String, Long> after) throws SQLException {
                        batches.checkpoint(stream, id, restartPoint, after);
                        progress.accept(after.values().stream().mapToLong(Long::longValue).sum());
                    }

                    @Override
                    public void finish(Map<String, Long> after, String sourcePosition) throws SQLException {
                        batches.checkpoint(stream, id, null, after);
                        batches.ingested(stream, id, sourcePosition);
                    }
                });
        BatchSource.ReadOutcome outcome = source.read(batch.restartPoint(), batch.previousPosition(), budget, sink);
        if (!outcome.finished()) {
            sink.abort(); // rows after the last checkpoint are read again next step
            return false;
        }
        sink.finish(outcome.sourcePosition()); // the last rows and INGESTED commit together
        return true;
    }

    private StepResult done(String stream, long batchId, List<DatasetCounts> counts, long started) {
        return new StepResult(StepOutcome.DONE, stream, batchId, counts,
                counts.stream().mapToLong(DatasetCounts::total).sum(), seconds(started), true, null);
    }

    private StepResult failed(String stream, long batchId, long started, boolean retriable, String message) {
        if (sink != null) {
            sink.abort();
        } else {
            rollbackQuietly();
        }
        if (batchId > 0) {
            try {
                BatchStore batches = new BatchStore(dialect, connection, schema);
                if (retriable) {
                    batches.noteError(node.key(), batchId, message);
                } else {
                    batches.failed(node.key(), batchId, message);
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

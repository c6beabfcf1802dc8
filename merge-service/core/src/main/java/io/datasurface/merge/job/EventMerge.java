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
import io.datasurface.model.batch.RowCodec;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the events of {@code datasurface.ingest} to the merge store, exactly once: each record's effect
 * and the record's next offset (in the platform schema's {@code offsets} table) commit in one PostgreSQL
 * transaction, and a record at or below a stored offset is skipped. BatchStarted opens (or restarts) the
 * batch and empties staging; RowChunk stages its rows; BatchSealed checks that every row arrived, then
 * merges all datasets and commits the batch.
 *
 * <p>Staging tables are UNLOGGED: when a PostgreSQL crash emptied them, the sealed counts no longer match
 * the staged rows; the batch is then restarted and {@link Applied#rewindTo} tells the caller to read the
 * partition again from the batch's BatchStarted (kept as the batch's restart point).
 *
 * <p>A stream's first batch, a FULL one into empty merge tables, skips staging: its chunks go straight into the
 * merge tables in one transaction that stays open from its first chunk to its BatchSealed, which commits rows,
 * batch and offset together. Until then nothing of it is visible or stored, and the offset row of its partition
 * is locked (a process that took the partition over waits instead of applying the chunks twice). A record of
 * anything else, or {@link #settle}, first moves the rows written so far to staging and commits them there, so
 * the batch goes on staged. When a record fails while such a load is open, its rows are gone with the rollback:
 * {@link #readAgainFrom} says from which offset to read the partition again.
 */
public final class EventMerge {
    private static final System.Logger LOG = System.getLogger(EventMerge.class.getName());
    private static final String AT = "kafka-offset:";

    /** Where a stream's batches go: its platform's schema and milestoning, and its datasets. */
    public record Target(String platform, String schema, Milestoning milestoning, IngestionNode node) {
    }

    /**
     * What applying a record did: the batch it committed (to announce), or the offset to read the
     * partition again from (the staged rows were lost); {@code resumed}: the record started a batch of a stream
     * whose last batch had failed, so the stream goes on.
     */
    public record Applied(Optional<BatchCommitted> committed, Optional<Long> rewindTo, boolean resumed) {
        static Applied nothing() {
            return new Applied(Optional.empty(), Optional.empty(), false);
        }
    }

    private final Connection connection;
    private final PostgresDialect dialect;
    private final String group;
    private final Clock clock;
    private final Map<String, Map<String, Map<Integer, Long>>> stored = new HashMap<>();
    private DirectLoad direct;
    private Position lostFrom;

    /** A record's place in Kafka. */
    public record Position(String topic, int partition, long offset) {
    }

    private interface Sealing {
        void seal(Map<String, Long> loaded, String sourcePosition) throws SQLException;
    }

    /** A first load being written straight into the merge tables: nothing of it is committed yet. */
    private static final class DirectLoad {
        final String schema;
        final String stream;
        final long batchId;
        final String topic;
        final int partition;
        /** The offset of its first chunk: where to read again when its rows are rolled back. */
        final long firstOffset;
        StagingSink sink;
        long offset;
        /** What the seal does in the load's transaction once its last rows are written. */
        Sealing sealing;

        DirectLoad(String schema, String stream, long batchId, String topic, int partition, long firstOffset) {
            this.schema = schema;
            this.stream = stream;
            this.batchId = batchId;
            this.topic = topic;
            this.partition = partition;
            this.firstOffset = firstOffset;
        }

        /** Whether the record belongs to this load: a chunk or the seal of its batch, in its partition. */
        boolean carries(Target target, String topic, int partition, Event event) {
            if (!schema.equals(target.schema()) || !this.topic.equals(topic) || this.partition != partition) {
                return false;
            }
            return event instanceof RowChunk c && c.stream().equals(stream) && c.batchId() == batchId
                    || event instanceof BatchSealed s && s.stream().equals(stream) && s.batchId() == batchId;
        }
    }

    /** The record was applied by another process meanwhile (a rebalance): its transaction is rolled back. */
    private static final class AppliedElsewhere extends RuntimeException {
        AppliedElsewhere() {
            super(null, null, false, false);
        }
    }

    /** @param connection a merge store connection for this object alone; autocommit is turned off */
    public EventMerge(Connection connection, String consumerGroup, Clock clock) {
        this.connection = connection;
        this.group = consumerGroup;
        this.clock = clock;
        try {
            this.dialect = new PostgresDialect(connection.getMetaData().getDatabaseMajorVersion());
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw Faults.of("the merge store", e);
        }
    }

    /** Forgets the stored offsets read so far (after a rebalance, another process may have moved them). */
    public void forgetStoredOffsets() {
        stored.clear();
    }

    /** The next offset to read of each partition of a topic, as stored in a platform schema (empty when none). */
    public Map<Integer, Long> storedOffsets(String schema, String topic) {
        return stored.computeIfAbsent(schema, s -> new HashMap<>()).computeIfAbsent(topic, t -> {
            Map<Integer, Long> out = new HashMap<>();
            try {
                new MergeTables(dialect, connection).ensureSchema(schema);
                try (PreparedStatement ps = connection.prepareStatement(dialect.storedOffsets(schema))) {
                    ps.setString(1, group);
                    ps.setString(2, topic);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getInt(1), rs.getLong(2));
                        }
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                throw Faults.of("reading the stored offsets", e);
            }
            return out;
        });
    }

    /**
     * Applies one record of {@code datasurface.ingest}.
     *
     * @throws DatasurfaceException when the merge store fails (the record is not applied; retriable says
     *                              whether trying it again may help)
     */
    public Applied apply(Target target, String topic, int partition, long offset, Event event) {
        lostFrom = null;
        if (direct != null && !direct.carries(target, topic, partition, event)) {
            if (event instanceof BatchStarted s && s.stream().equals(direct.stream)
                    && direct.schema.equals(target.schema())) {
                abandonDirect(); // the batch starts again: its rows so far are of no use
            } else {
                try {
                    settle();
                } catch (DatasurfaceException e) {
                    // not this record's fault: it and the load's chunks are to be applied again
                    throw new DatasurfaceException(e.getMessage(), e.messageWithoutData(), true, e);
                }
            }
        }
        Long next = storedOffsets(target.schema(), topic).get(partition);
        if (next != null && offset < next) {
            return Applied.nothing(); // applied before
        }
        try {
            Applied applied;
            if (event instanceof BatchStarted s) {
                applied = started(target, topic, partition, offset, s);
            } else if (event instanceof RowChunk c) {
                applied = chunk(target, topic, partition, offset, c);
            } else if (event instanceof BatchSealed s) {
                applied = sealed(target, topic, partition, offset, s);
            } else {
                storeOffset(target.schema(), topic, partition, offset, offset + 1);
                connection.commit();
                applied = Applied.nothing();
            }
            long nextOffset = applied.rewindTo().orElse(offset + 1);
            storedOffsets(target.schema(), topic).put(partition, nextOffset);
            return applied;
        } catch (AppliedElsewhere e) {
            abandonDirect();
            rollbackQuietly();
            stored.remove(target.schema());
            return Applied.nothing();
        } catch (SQLException e) {
            abandonDirect();
            rollbackQuietly();
            throw Faults.of("merging " + event.key(), e);
        } catch (RuntimeException e) {
            abandonDirect();
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * After {@link #apply}, {@link #settle} or {@link #fail} threw: where to read again from, when records before
     * the failed one lost their effect too (the chunks of a first load that was rolled back, maybe of another
     * partition); empty when only the failed record is to be applied again.
     */
    public Optional<Position> readAgainFrom() {
        return Optional.ofNullable(lostFrom);
    }

    /** The first record of a first load whose rows are written but not committed yet (see {@link #settle}). */
    public Optional<Position> uncommittedFrom() {
        return direct == null ? Optional.empty()
                : Optional.of(new Position(direct.topic, direct.partition, direct.firstOffset));
    }

    /**
     * Commits the rows of a first load in progress, moved to staging, so that its batch goes on staged and the
     * connection holds no transaction open. Does nothing when no such load is open.
     *
     * @throws DatasurfaceException when the merge store fails; the load's rows are then rolled back and
     *                              {@link #readAgainFrom} says where to read them again
     */
    public void settle() {
        DirectLoad d = direct;
        if (d == null) {
            return;
        }
        lostFrom = null;
        try {
            if (!d.sink.moveToStaging()) {
                throw new IllegalStateException("a first load of " + d.stream + " has rows after its last chunk");
            }
            direct = null;
            LOG.log(System.Logger.Level.DEBUG, "stream {0}: first load goes on through staging", d.stream);
        } catch (RuntimeException e) {
            abandonDirect();
            rollbackQuietly();
            throw e;
        }
    }

    /** Rolls back a first load in progress: its chunks are to be read again. */
    private void abandonDirect() {
        DirectLoad d = direct;
        if (d == null) {
            return;
        }
        direct = null;
        lostFrom = new Position(d.topic, d.partition, d.firstOffset);
        d.sink.abort(); // rolls back, with the offsets its chunks stored
        stored.remove(d.schema);
    }

    private Applied started(Target target, String topic, int partition, long offset, BatchStarted s)
            throws SQLException {
        MergeTables ddl = new MergeTables(dialect, connection);
        ddl.ensureSchema(target.schema());
        List<DatasetTables> tables = tables(target);
        for (DatasetTables t : tables) {
            ddl.prepare(t, target.milestoning()); // also empties staging
        }
        BatchStore batches = new BatchStore(dialect, connection, target.schema());
        Optional<BatchRecord> last = batches.latest(s.stream());
        if (last.isPresent() && last.get().batchId() == s.batchId() && last.get().status() == BatchStatus.COMMITTED) {
            connection.rollback(); // a batch committed already: only the offset moves (its record stays as it is)
            storeOffset(target.schema(), topic, partition, offset, offset + 1);
            connection.commit();
            return Applied.nothing();
        }
        boolean resumed = last.isPresent() && last.get().status() == BatchStatus.FAILED;
        if (last.isPresent() && last.get().batchId() == s.batchId()) {
            batches.restart(s.stream(), s.batchId(), s.kind(), s.datasets());
        } else if (last.isEmpty() ? s.batchId() == 1
                : last.get().batchId() + 1 == s.batchId() && last.get().status() == BatchStatus.COMMITTED) {
            batches.insert(s.stream(), s.batchId(), s.kind(), s.datasets(), s.sourcePosition());
        } else if (resumed && s.batchId() > last.get().batchId()) {
            supersede(last.get(), s);
            batches.insert(s.stream(), s.batchId(), s.kind(), s.datasets(), s.sourcePosition());
        } else {
            throw new DatasurfaceException("stream " + s.stream() + " started batch " + s.batchId() + ", but the merge "
                    + "store's last batch of it is " + last.map(b -> b.batchId() + " (" + b.status() + ")").orElse("none")
                    + "; the ingest state and the merge store disagree", false);
        }
        batches.checkpoint(s.stream(), s.batchId(), AT + offset, Map.of());
        storeOffset(target.schema(), topic, partition, offset, offset + 1);
        connection.commit();
        return new Applied(Optional.empty(), Optional.empty(), resumed);
    }

    /**
     * A later batch may take the place of a failed one only when nothing of the failed one is lost by it: it
     * holds the whole source (FULL), or it reads from the start ({@code sourcePosition} null), or from where
     * the last committed batch ended (where the failed one started).
     */
    private static void supersede(BatchRecord failed, BatchStarted s) {
        boolean whole = s.kind() == BatchKind.FULL || s.sourcePosition() == null
                || s.sourcePosition().equals(failed.previousPosition());
        if (!whole) {
            throw new DatasurfaceException("stream " + s.stream() + " batch " + failed.batchId() + " failed ("
                    + failed.error() + "), and batch " + s.batchId() + " goes on from where that one ended, so its "
                    + "changes would be lost; read the stream again from its start: POST /streams/" + s.stream()
                    + "/restart on the ingest-service", false);
        }
    }

    /**
     * Marks the stream's open batch FAILED with the reason (a record of it could not be applied): it will not
     * commit, and the stream goes on only with a batch that loses nothing (see {@link #supersede}) or with the
     * same batch sent again. Nothing else changes; the record's offset is not stored.
     */
    public void fail(Target target, String stream, String reason) {
        lostFrom = null;
        if (direct != null && direct.stream.equals(stream) && direct.schema.equals(target.schema())) {
            abandonDirect(); // its rows would commit with the mark otherwise
        } else {
            settle();
        }
        try {
            BatchStore batches = new BatchStore(dialect, connection, target.schema());
            Optional<BatchRecord> open = batches.latest(stream);
            if (open.isPresent() && (open.get().status() == BatchStatus.STARTED
                    || open.get().status() == BatchStatus.INGESTED)) {
                batches.failed(stream, open.get().batchId(), reason);
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw Faults.of("marking the batch of " + stream + " failed", e);
        }
    }

    private Applied chunk(Target target, String topic, int partition, long offset, RowChunk c) throws SQLException {
        BatchStore batches = new BatchStore(dialect, connection, target.schema());
        Optional<BatchRecord> open = batches.latest(c.stream());
        DatasetSpec spec = target.node().datasets().stream().filter(d -> d.name().equals(c.dataset())).findFirst()
                .orElse(null);
        if (open.isEmpty() || open.get().batchId() != c.batchId() || open.get().status() != BatchStatus.STARTED
                || spec == null) {
            storeOffset(target.schema(), topic, partition, offset, offset + 1); // a chunk of a batch done with
            connection.commit();
            return Applied.nothing();
        }
        if (!RowCodec.reads(c.codec())) {
            throw new DatasurfaceException("chunk " + c.sequence() + " of " + c.stream() + " batch " + c.batchId()
                    + " is encoded as " + c.codec() + ", which this merge-service does not read", false);
        }
        BatchRecord batch = open.get();
        if (direct != null
                || isFirstLoad(batch) && new MergeTables(dialect, connection).mergeTablesEmpty(tables(target))) {
            return direct(target, topic, partition, offset, c, spec, batch, batches);
        }
        StagingSink sink = StagingSink.staging(dialect, connection, tables(target), new HashMap<>(batch.loaded()),
                new StagingSink.Checkpoints() {
                    @Override
                    public void record(String restartPoint, Map<String, Long> loaded) throws SQLException {
                        batches.checkpoint(c.stream(), c.batchId(), batch.restartPoint(), loaded);
                        storeOffset(target.schema(), topic, partition, offset, offset + 1);
                    }

                    @Override
                    public void finish(Map<String, Long> loaded, String sourcePosition) {
                        throw new IllegalStateException("a chunk never finishes a batch");
                    }
                });
        try {
            new RowCodec(spec.columns()).decode(c.codec(), c.payload(), (op, values) -> {
                if (op == RowCodec.DELETE) {
                    sink.delete(c.dataset(), values);
                } else {
                    sink.row(c.dataset(), values);
                }
            });
            sink.checkpoint(batch.restartPoint());
        } catch (RuntimeException e) {
            sink.abort();
            throw e;
        }
        return Applied.nothing();
    }

    /** A chunk of a first load, written straight into the merge tables; nothing commits. */
    private Applied direct(Target target, String topic, int partition, long offset, RowChunk c, DatasetSpec spec,
                           BatchRecord batch, BatchStore batches) {
        if (direct == null) {
            DirectLoad d = new DirectLoad(target.schema(), c.stream(), c.batchId(), topic, partition, offset);
            d.sink = StagingSink.direct(dialect, connection, tables(target), target.milestoning(), c.batchId(),
                    new StagingSink.Checkpoints() {
                        @Override
                        public void record(String restartPoint, Map<String, Long> loaded) throws SQLException {
                            storeOffset(d.schema, d.topic, d.partition, d.offset, d.offset + 1); // locks the row
                        }

                        @Override
                        public void moved(String restartPoint, Map<String, Long> loaded) throws SQLException {
                            batches.checkpoint(d.stream, d.batchId, batch.restartPoint(), loaded);
                        }

                        @Override
                        public void finish(Map<String, Long> loaded, String sourcePosition) throws SQLException {
                            d.sealing.seal(loaded, sourcePosition);
                        }
                    });
            direct = d;
        }
        direct.offset = offset;
        new RowCodec(spec.columns()).decode(c.codec(), c.payload(), (op, values) -> {
            if (op == RowCodec.DELETE) {
                throw new DatasurfaceException("chunk " + c.sequence() + " of " + c.stream() + " batch " + c.batchId()
                        + " deletes a row, but it is a FULL batch, which holds rows only", false);
            }
            direct.sink.row(c.dataset(), values);
        });
        direct.sink.checkpoint(null);
        return Applied.nothing();
    }

    /** The stream's first batch, a FULL one, with nothing staged yet. */
    private static boolean isFirstLoad(BatchRecord batch) {
        return batch.batchId() == 1 && batch.kind() == BatchKind.FULL && batch.loaded().isEmpty();
    }

    /** The seal of a first load: rows, batch and offset commit together. */
    private Applied sealDirect(Target target, String topic, int partition, long offset, BatchSealed s,
                               BatchRecord batch) throws SQLException {
        BatchStore batches = new BatchStore(dialect, connection, target.schema());
        List<DatasetCounts> counts = new ArrayList<>();
        direct.sealing = (after, sourcePosition) -> {
            for (SealedDataset sd : s.datasets()) {
                long arrived = after.getOrDefault(sd.dataset(), 0L);
                if (arrived != sd.rows()) {
                    throw new DatasurfaceException("stream " + s.stream() + " batch " + s.batchId() + ": dataset '"
                            + sd.dataset() + "' was sealed with " + sd.rows() + " rows, but " + arrived + " arrived",
                            false);
                }
            }
            counts.addAll(new BatchMerging(dialect, connection, target.milestoning(), tables(target))
                    .firstLoad(batches, s.stream(), s.batchId(), after, sourcePosition));
            storeOffset(target.schema(), topic, partition, offset, offset + 1);
        };
        direct.sink.finish(s.sourcePosition());
        direct = null;
        return new Applied(Optional.of(new BatchCommitted(target.platform(), s.stream(), s.batchId(), batch.kind(),
                counts, s.sourcePosition(), null, clock.instant())), Optional.empty(), false);
    }

    private Applied sealed(Target target, String topic, int partition, long offset, BatchSealed s) throws SQLException {
        BatchStore batches = new BatchStore(dialect, connection, target.schema());
        Optional<BatchRecord> open = batches.latest(s.stream());
        if (open.isEmpty() || open.get().batchId() != s.batchId() || open.get().status() != BatchStatus.STARTED) {
            storeOffset(target.schema(), topic, partition, offset, offset + 1);
            connection.commit();
            return Applied.nothing();
        }
        BatchRecord batch = open.get();
        if (direct != null) {
            return sealDirect(target, topic, partition, offset, s, batch);
        }
        List<DatasetTables> tables = tables(target);
        if (!stagedAsSealed(s, batch, tables)) {
            return restartFromStart(target, topic, partition, offset, batch, tables);
        }
        batches.ingested(s.stream(), s.batchId(), s.sourcePosition());
        BatchRecord ingested = batches.latest(s.stream()).orElseThrow();
        List<DatasetCounts> counts = new BatchMerging(dialect, connection, target.milestoning(), tables)
                .merge(batches, ingested, () -> storeOffset(target.schema(), topic, partition, offset, offset + 1));
        return new Applied(Optional.of(new BatchCommitted(target.platform(), s.stream(), s.batchId(), batch.kind(),
                counts, s.sourcePosition(), null, clock.instant())), Optional.empty(), false);
    }

    /** Whether each dataset's staged rows are the rows the batch was sealed with. */
    private boolean stagedAsSealed(BatchSealed s, BatchRecord batch, List<DatasetTables> tables) throws SQLException {
        for (SealedDataset d : s.datasets()) {
            long loaded = batch.loaded().getOrDefault(d.dataset(), 0L);
            if (loaded != d.rows()) {
                throw new DatasurfaceException("stream " + s.stream() + " batch " + s.batchId() + ": dataset '"
                        + d.dataset() + "' was sealed with " + d.rows() + " rows, but " + loaded + " arrived", false);
            }
        }
        for (DatasetTables t : tables) {
            try (PreparedStatement ps = connection.prepareStatement(dialect.countRows(t.schema(), t.stagingTable()));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != batch.loaded().getOrDefault(t.dataset(), 0L)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The staged rows were lost: start the batch again and read its chunks again from its BatchStarted. */
    private Applied restartFromStart(Target target, String topic, int partition, long offset, BatchRecord batch,
                                     List<DatasetTables> tables) throws SQLException {
        if (batch.restartPoint() == null || !batch.restartPoint().startsWith(AT)) {
            throw new DatasurfaceException("stream " + batch.stream() + " batch " + batch.batchId() + " lost its staged "
                    + "rows and does not record where it started in Kafka", false);
        }
        long start = Long.parseLong(batch.restartPoint().substring(AT.length()));
        long sealedAt = offset;
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            ddl.resetStaging(t);
        }
        storeOffset(target.schema(), topic, partition, sealedAt, start);
        connection.commit();
        return new Applied(Optional.empty(), Optional.of(start), false);
    }

    private static List<DatasetTables> tables(Target target) {
        return target.node().datasets().stream().map(d -> DatasetTables.of(target.schema(), d)).toList();
    }

    /**
     * Stores the next offset in the current transaction, after applying the record at {@code applied}.
     *
     * @throws AppliedElsewhere when the stored offset is past that record already
     */
    private void storeOffset(String schema, String topic, int partition, long applied, long next) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.storeOffset(schema))) {
            ps.setString(1, group);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            ps.setLong(4, next);
            ps.setLong(5, applied);
            if (ps.executeUpdate() == 0) {
                throw new AppliedElsewhere();
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: nothing was committed
        }
    }
}

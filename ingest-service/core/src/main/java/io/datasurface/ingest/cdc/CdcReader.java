package io.datasurface.ingest.cdc;

import io.datasurface.ingest.jdbc.SourceColumn;
import io.datasurface.ingest.jdbc.SourceSession;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.ingest.jdbc.TypeFit;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.Credential;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.type.TypeKind;
import io.debezium.engine.RecordChangeEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The batches of a {@code cdc} stream, read from a PostgreSQL source through the Debezium embedded engine
 * (pgoutput, a replication slot and a publication of the stream's tables).
 *
 * <p>The first batch is FULL: Debezium's initial snapshot, taken at the point the replication slot starts,
 * so nothing is missed or seen twice between it and the changes. Every later batch is DELTA: one or more
 * whole source transactions, ended when the changes stop coming for a moment, after about 200 ms, or
 * after {@code chunkRows × maxChunks} rows, always at a transaction boundary.
 *
 * <p>Exactly once: a batch's position is the Debezium offset of its last transaction's end (the commit
 * LSN), kept by the caller with the sealed batch. Debezium keeps its offsets in memory only; the
 * replication slot is told a position only once the batch holding it has been committed, so after a crash
 * the slot streams from that position or before it, and transactions whose commit LSN is not after the
 * committed position are dropped as already sent. The reader lives across steps; the caller hands it the
 * committed position on every {@link #read} and discards it after a step that did not finish. One step uses
 * it at a time; {@link #close} (from another thread, when a stream is retired) waits for the step's call to end.
 *
 * <p>Limits: a TRUNCATE of a source table is not captured; an UPDATE that leaves a large (TOASTed) column
 * unchanged needs {@code REPLICA IDENTITY FULL} on that table, else the batch fails with a message saying
 * so; a transaction is held in memory until its end. If the slot is gone (dropped, or the stream was retired
 * and came back), the next batch is a new snapshot.
 */
public final class CdcReader implements BatchSource {
    private static final long BATCH_MILLIS = 200;
    private static final long QUIET_MILLIS = 20;

    private static final Logger LOG = Logger.getLogger(CdcReader.class.getName());

    /** Where Debezium connects. */
    public record Address(String host, int port, String database, Credential credential) {
    }

    private record Target(String dataset, List<SourceColumn> columns) {
    }

    /** A batch handed out by {@link #read}, not yet known to be committed. */
    private record Pending(CdcPosition position, RecordChangeEvent<SourceRecord> last) {
    }

    private final IngestionNode node;
    private final Address address;
    private final int chunkRows;
    private final Connection jdbc;
    /** The replication slot's and publication's name, also Debezium's topic prefix ({@code slot.schema.table}). */
    private final String slot;
    private final String transactions;
    private final String notifications;
    private final Map<String, Target> targets = new HashMap<>();
    private final String includeList;
    /** The columns {@link PostgresTextForm} hands over as text, as its configuration. */
    private final String textForm;
    /** The date columns {@link PostgresTextForm} hands over as ISO dates, as its configuration. */
    private final String dates;
    /** Whether a column read as text has a type Debezium does not know (it then passes on the server's text). */
    private final boolean unknownTypes;
    private CdcPosition committed;
    private Pending pending;
    private CdcEngine engine;
    private RecordChangeEvent<SourceRecord> head;
    /** The slot was gone: the stream starts again with a snapshot, whatever position it had committed. */
    private boolean resnapshot;

    /**
     * Checks the source (logical decoding on, the stream's tables and columns as the model says) and keeps
     * the connection for managing the replication slot. The engine starts at the first {@link #read}.
     *
     * @param jdbc      an open connection to the source; the reader owns it and closes it in {@link #close()}
     * @param chunkRows with the step's maxChunks, the most rows a batch takes before it ends at the next
     *                  transaction boundary
     * @param committed the position of the stream's last committed batch, null before its first
     */
    public CdcReader(IngestionNode node, Address address, Connection jdbc, int chunkRows, String committed) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, was " + chunkRows);
        }
        this.node = node;
        this.chunkRows = chunkRows;
        this.address = address;
        this.jdbc = jdbc;
        this.slot = CdcSlots.slotName(node.key());
        this.transactions = slot + ".transaction";
        this.notifications = slot + ".notifications";
        this.committed = CdcPosition.parse(committed);
        SourceSession session = SourceSession.open(jdbc);
        String doing = "checking the source of CDC stream " + node.key();
        try {
            requireLogicalDecoding();
            String schema = jdbc.getSchema();
            List<String> include = new ArrayList<>();
            List<String[]> textColumns = new ArrayList<>();
            boolean unknown = false;
            List<String[]> dateColumns = new ArrayList<>();
            for (DatasetSpec dataset : node.datasets()) {
                SourceTable table = session.catalog().table(dataset, false, false);
                targets.put(slot + "." + schema + "." + table.name(), new Target(dataset.name(), table.columns()));
                for (SourceColumn c : table.columns()) {
                    if (c.modelType().kind().carriedAsText() || TypeFit.asText(c.sourceType(), c.modelType())
                            && c.sourceType().cdcTextForm()) {
                        textColumns.add(new String[] {schema, table.name(), c.name()});
                        unknown |= c.sourceType().cdcUnknown();
                    } else if (c.sourceType().kind() == TypeKind.DATE) {
                        dateColumns.add(new String[] {schema, table.name(), c.name()});
                    }
                }
                include.add(Pattern.quote(schema) + "\\." + Pattern.quote(table.name()));
            }
            includeList = String.join(",", include);
            textForm = PostgresTextForm.columns(textColumns);
            dates = PostgresTextForm.columns(dateColumns);
            unknownTypes = unknown;
        } catch (SQLException e) {
            close();
            throw session.fault(doing, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            session.end();
        }
    }

    /** The stream definition this reader was made for (a changed definition needs a new reader). */
    public IngestionNode node() {
        return node;
    }

    @Override
    public synchronized BatchKind kind() {
        return committed == null && pending == null ? BatchKind.FULL : BatchKind.DELTA;
    }

    @Override
    public synchronized boolean awaitData(Duration wait) {
        if (kind() == BatchKind.FULL) {
            return true;
        }
        start(); // a lost slot turns the next batch into a snapshot here, before the caller opens it
        if (kind() == BatchKind.FULL) {
            return true;
        }
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (head == null) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                RecordChangeEvent<SourceRecord> it = engine.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                if (it != null && !ignorable(it)) {
                    head = it;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
        CdcPosition previous = CdcPosition.parse(previousPosition);
        if (pending != null && pending.position().equals(previous)) {
            confirm(pending);
        } else if (resnapshot && pending == null) {
            previous = null; // the snapshot that replaces the lost changes is under way
        } else if (pending != null || !Objects.equals(committed, previous)) {
            restart(previous); // what was handed out was not committed, or the state comes from elsewhere
        }
        start();
        try {
            return committed == null ? snapshot(sink) : changes(sink, (long) chunkRows * Math.max(1, maxChunks));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasurfaceException("stream " + node.key() + ": stopped while reading changes", true);
        }
    }

    /** Stops the engine (the slot stays, pinned at the last committed position) and closes the connection. */
    @Override
    public synchronized void close() {
        stopEngine();
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // closing only
        }
    }

    private ReadOutcome snapshot(BatchSink sink) throws InterruptedException {
        while (true) {
            RecordChangeEvent<SourceRecord> it = next(TimeUnit.SECONDS.toNanos(1));
            if (it == null) {
                continue;
            }
            SourceRecord r = it.record();
            if (notifications.equals(r.topic())) {
                Struct n = (Struct) r.value();
                if ("Initial Snapshot".equals(n.getString("aggregate_type"))) {
                    String type = n.getString("type");
                    if ("COMPLETED".equals(type)) {
                        resnapshot = false;
                        pending = new Pending(CdcPosition.of(r.sourceOffset()), it);
                        return ReadOutcome.finished(pending.position().toString());
                    }
                    if ("ABORTED".equals(type) || "SKIPPED".equals(type)) {
                        throw new DatasurfaceException("stream " + node.key() + ": the initial snapshot was "
                                + type.toLowerCase(Locale.ROOT), true);
                    }
                }
                continue;
            }
            write(r, sink);
        }
    }

    private ReadOutcome changes(BatchSink sink, long maxRows) throws InterruptedException {
        long started = System.nanoTime();
        long rows = 0;
        List<SourceRecord> transaction = null;
        RecordChangeEvent<SourceRecord> end = null;
        while (true) {
            long wait;
            if (transaction != null) {
                wait = TimeUnit.SECONDS.toNanos(1); // the rest of an open transaction is on its way
            } else if (end == null) {
                wait = IDLE_WAIT.toNanos();
            } else {
                wait = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
            }
            RecordChangeEvent<SourceRecord> it = next(wait);
            if (it == null) {
                if (transaction != null) {
                    continue;
                }
                break; // quiet, at a transaction boundary
            }
            SourceRecord r = it.record();
            if (ignorable(it) || notifications.equals(r.topic())) {
                continue;
            }
            if (transactions.equals(r.topic())) {
                String status = ((Struct) r.value()).getString("status");
                if ("BEGIN".equals(status)) {
                    transaction = new ArrayList<>();
                } else if ("END".equals(status)) {
                    CdcPosition at = CdcPosition.of(r.sourceOffset());
                    if (transaction != null && (committed == null || at.isAfter(committed))) {
                        for (SourceRecord change : transaction) {
                            write(change, sink);
                        }
                        rows += transaction.size();
                        end = it;
                    }
                    transaction = null;
                }
            } else {
                if (transaction == null) {
                    transaction = new ArrayList<>(); // a change without BEGIN: its transaction began before we listened
                }
                transaction.add(r);
            }
            if (transaction == null && end != null
                    && (rows >= maxRows || System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS))) {
                break;
            }
        }
        if (end == null) {
            return ReadOutcome.keepWorking(); // nothing new (only transactions already sent)
        }
        pending = new Pending(CdcPosition.of(end.record().sourceOffset()), end);
        return ReadOutcome.finished(pending.position().toString());
    }

    private void write(SourceRecord r, BatchSink sink) {
        Target target = targets.get(r.topic());
        if (target == null || r.value() == null) {
            return; // another table of the publication, or a tombstone
        }
        Struct value = (Struct) r.value();
        String op = value.getString("op");
        boolean delete = "d".equals(op);
        Struct image = value.getStruct(delete ? "before" : "after");
        if (image == null) {
            return;
        }
        Object[] row = new Object[target.columns().size()];
        for (int i = 0; i < row.length; i++) {
            SourceColumn column = target.columns().get(i);
            Field field = image.schema().field(column.name());
            if (field == null) {
                if (delete) {
                    continue; // a delete carries the key only
                }
                throw new DatasurfaceException("stream " + node.key() + ": change of " + r.topic() + " has no column "
                        + column.name(), false);
            }
            Object raw = image.get(field);
            if (DebeziumValues.UNAVAILABLE.equals(raw)) {
                throw new DatasurfaceException("stream " + node.key() + ": an update of source table "
                        + r.topic().substring(slot.length() + 1) + " left large column " + column.name()
                        + " unchanged, and PostgreSQL does not send such values; run ALTER TABLE ... REPLICA IDENTITY"
                        + " FULL on that table, then reset the stream", false);
            }
            try {
                row[i] = DebeziumValues.convert(raw, field.schema(), column.modelType());
            } catch (RuntimeException e) {
                throw new DatasurfaceException("stream " + node.key() + ": column " + column.name() + " of "
                        + r.topic().substring(slot.length() + 1) + " cannot be read as " + column.modelType() + ": "
                        + e.getMessage(), false, e);
            }
        }
        if (delete) {
            sink.delete(target.dataset(), row);
        } else {
            sink.row(target.dataset(), row);
        }
    }

    private static boolean ignorable(RecordChangeEvent<SourceRecord> it) {
        String topic = it.record().topic();
        return topic == null || topic.startsWith("__debezium-heartbeat");
    }

    /** The batch handed out last is committed: tell the slot at the next chance. */
    private void confirm(Pending p) {
        committed = p.position();
        pending = null;
        engine.confirm(p.last());
    }

    private RecordChangeEvent<SourceRecord> next(long nanos) throws InterruptedException {
        if (head != null) {
            RecordChangeEvent<SourceRecord> h = head;
            head = null;
            return h;
        }
        return engine.poll(nanos);
    }

    private void restart(CdcPosition from) {
        stopEngine();
        committed = from;
        pending = null;
        head = null;
    }

    private void start() {
        if (engine != null) {
            return;
        }
        try {
            if (committed == null) {
                CdcSlots.drop(jdbc, slot); // nothing of it was committed: a new slot, with the snapshot taken at its start
            } else if (slotLost()) {
                // the changes since the last committed batch cannot be read: a new snapshot (a FULL batch) replaces
                // what the merge store holds, so nothing is lost, though the versions in between are not seen
                LOG.warning("stream " + node.key() + ": replication slot " + slot + " is gone or starts after the last"
                        + " committed batch; the next batch is a new snapshot of the source");
                committed = null;
                pending = null;
                resnapshot = true;
                CdcSlots.drop(jdbc, slot); // its publication
            }
        } catch (SQLException e) {
            throw new DatasurfaceException("stream " + node.key() + ": cannot look at replication slot " + slot + ": "
                    + e.getMessage(), true, e);
        }
        engine = new CdcEngine(node.key(), address, slot, includeList, textForm, dates, unknownTypes,
                notifications, committed == null);
    }

    /**
     * Whether the slot cannot give the changes after the committed position: it is gone, or it was made
     * anew after it (the slot is only ever told committed positions, so a slot of this stream that is
     * further on was made later — e.g. by a snapshot that did not commit).
     */
    private boolean slotLost() throws SQLException {
        Long flushed = CdcSlots.confirmedFlush(jdbc, slot);
        return flushed == null || flushed > committed.commitLsn();
    }

    private void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        head = null;
    }

    private void requireLogicalDecoding() throws SQLException {
        try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            String level = rs.getString(1);
            if (!"logical".equals(level)) {
                throw new DatasurfaceException("stream " + node.key() + ": the source database at " + address.host() + ":"
                        + address.port() + "/" + address.database() + " has wal_level=" + level + "; CDC needs"
                        + " wal_level=logical (set it in postgresql.conf and restart PostgreSQL)", false);
            }
        }
    }
}

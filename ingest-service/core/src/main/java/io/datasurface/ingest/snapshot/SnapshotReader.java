package io.datasurface.ingest.snapshot;

import io.datasurface.ingest.jdbc.KeysetScan;
import io.datasurface.ingest.jdbc.RestartKeys;
import io.datasurface.ingest.jdbc.SourceSession;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * FULL batches of an ingestion stream ({@code sql-snapshot}) over any JDBC source.
 *
 * <p>Each {@link #read} is one source transaction at snapshot isolation (see
 * {@link io.datasurface.ingest.jdbc.SourceDialect}) that reads the node's datasets in order, each in
 * primary-key order, so a batch read in one step is a consistent snapshot of all datasets. Large
 * tables take several steps: after every {@code chunkRows} rows the reader checkpoints (restart point
 * {@code {"dataset":"orders","after":[key values]}}), and after {@code maxChunks} checkpoints it
 * yields; the next step resumes after that key in a new transaction. The batch as a whole is then
 * consistent per chunk, not across steps. The last rows after the final checkpoint are left for the
 * caller to commit with the batch; the position of a finished snapshot is null.
 *
 * <p>Before reading, every source table is checked against the model (see
 * {@link io.datasurface.ingest.jdbc.SourceCatalog}). Faults are {@link DatasurfaceException}s:
 * retriable for a lost connection, not for a missing table or column or a type that does not fit.
 */
public final class SnapshotReader implements BatchSource {
    /** Rows per chunk unless told otherwise. */
    public static final int DEFAULT_CHUNK_ROWS = 50_000;

    private final IngestionNode node;
    private final SourceSession session;
    private final int chunkRows;

    /** Reads with chunks of {@value #DEFAULT_CHUNK_ROWS} rows. */
    public SnapshotReader(IngestionNode node, Connection source) {
        this(node, source, DEFAULT_CHUNK_ROWS);
    }

    /**
     * @param source    an open connection to the source database; the reader owns it from now on
     *                  (prepares it for reading and closes it in {@link #close()})
     * @param chunkRows rows per checkpoint, at least 1
     */
    public SnapshotReader(IngestionNode node, Connection source, int chunkRows) {
        this.node = node;
        this.chunkRows = SourceSession.requireChunkRows(chunkRows);
        this.session = SourceSession.open(source);
    }

    @Override
    public BatchKind kind() {
        return BatchKind.FULL;
    }

    @Override
    public void check() {
        session.check(node, false);
    }

    @Override
    public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
        SnapshotRestart from = SnapshotRestart.parse(restartPoint);
        String doing = "checking the source tables of stream " + node.key();
        try {
            List<SourceTable> tables = session.tables(node, false);
            int start = from == null ? 0 : RestartKeys.indexOf(tables, from.dataset(), node.key());
            Object[] after = from == null ? null : RestartKeys.key(tables.get(start), from.after());
            KeysetScan scan = new KeysetScan(session, sink, chunkRows, maxChunks, SnapshotRestart::of);
            for (int i = start; i < tables.size(); i++) {
                SourceTable table = tables.get(i);
                doing = "reading source table " + table.name() + " of stream " + node.key();
                if (!scan.scan(table, i == start ? after : null, null)) {
                    return ReadOutcome.keepWorking();
                }
            }
            return ReadOutcome.finished(null);
        } catch (SQLException e) {
            throw session.fault(doing, e);
        } finally {
            session.end();
        }
    }

    /** The source session (for a reader that also scans the source's keys). */
    SourceSession session() {
        return session;
    }

    /** Ends the source transaction and closes the connection. */
    @Override
    public void close() {
        session.close();
    }
}

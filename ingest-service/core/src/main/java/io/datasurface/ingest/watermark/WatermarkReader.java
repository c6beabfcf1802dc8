package io.datasurface.ingest.watermark;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.ingest.jdbc.JdbcValues;
import io.datasurface.ingest.jdbc.KeysetScan;
import io.datasurface.ingest.jdbc.RestartKeys;
import io.datasurface.ingest.jdbc.SourceSession;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.ingest.jdbc.ValueJson;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.type.SqlType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DELTA batches of an ingestion stream captured by watermark ({@code sql-watermark}): each dataset's
 * source table has a watermark column (integer, timestamp or timestamptz) that the source sets on every
 * insert and update, e.g. a sequence value or an {@code updated_at} time.
 *
 * <p>When a batch starts, the reader fixes in one source transaction each dataset's high watermark,
 * {@code MAX(w)} plus the smallest step (+1, or +1 microsecond), never below the previous batch's high;
 * a dataset without rows keeps its previous high. It then writes, as upserts ({@link BatchSink#row}),
 * the rows with {@code previousHigh ≤ w < high} (no lower bound in the first batch), in primary-key
 * order, chunked and resumable exactly like {@link io.datasurface.ingest.snapshot.SnapshotReader}; the
 * fixed range travels in the restart point so every step of the batch reads the same range. The
 * finished batch's position is {@code {"highs":{dataset: high, …}}}, the next batch's lower bounds.
 *
 * <p>Limits of watermark capture, by design: <b>deletes are not seen</b> (a deleted row has no
 * watermark to find; use snapshots or CDC for sources that delete); a row is seen only if its
 * watermark is set to at least the current high by the change that makes it visible — a transaction
 * that commits a watermark older than an already fixed high is missed; and a row changed several times
 * between batches arrives once, as its latest version.
 */
public final class WatermarkReader implements BatchSource {
    private final IngestionNode node;
    private final SourceSession session;
    private final int chunkRows;

    /** Reads with chunks of {@value io.datasurface.ingest.snapshot.SnapshotReader#DEFAULT_CHUNK_ROWS} rows. */
    public WatermarkReader(IngestionNode node, Connection source) {
        this(node, source, io.datasurface.ingest.snapshot.SnapshotReader.DEFAULT_CHUNK_ROWS);
    }

    /**
     * @param source    an open connection to the source database; the reader owns it from now on
     * @param chunkRows rows per checkpoint, at least 1
     */
    public WatermarkReader(IngestionNode node, Connection source, int chunkRows) {
        this.node = node;
        this.chunkRows = SourceSession.requireChunkRows(chunkRows);
        this.session = SourceSession.open(source);
    }

    @Override
    public BatchKind kind() {
        return BatchKind.DELTA;
    }

    @Override
    public void check() {
        session.check(node, true);
    }

    @Override
    public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
        WatermarkState resumed = WatermarkState.parseRestartPoint(restartPoint);
        String doing = "checking the source tables of stream " + node.key();
        try {
            List<SourceTable> tables = session.tables(node, true);
            doing = "fixing the high watermarks of stream " + node.key();
            WatermarkState state = resumed != null ? resumed : start(tables, WatermarkState.parsePosition(previousPosition));
            int first = resumed == null ? 0 : RestartKeys.indexOf(tables, resumed.dataset(), node.key());
            KeysetScan scan = new KeysetScan(session, sink, chunkRows, maxChunks, state::restartPoint);
            for (int i = first; i < tables.size(); i++) {
                SourceTable table = tables.get(i);
                doing = "reading source table " + table.name() + " of stream " + node.key();
                KeysetScan.Range range = range(table, state);
                Object[] after = resumed != null && i == first ? RestartKeys.key(table, resumed.after()) : null;
                if (range != null && !scan.scan(table, after, range)) {
                    return ReadOutcome.keepWorking();
                }
            }
            return ReadOutcome.finished(WatermarkState.position(state.highs()));
        } catch (SQLException e) {
            throw session.fault(doing, e);
        } finally {
            session.end();
        }
    }

    /** A new batch: each dataset's range from the previous high to just above today's maximum. */
    private WatermarkState start(List<SourceTable> tables, Map<String, JsonNode> previous) throws SQLException {
        Map<String, JsonNode> lows = new LinkedHashMap<>();
        Map<String, JsonNode> highs = new LinkedHashMap<>();
        for (SourceTable table : tables) {
            String dataset = table.dataset().name();
            SqlType type = Watermarks.typeOf(table.watermark());
            Object low = value(table, type, previous.get(dataset));
            Object high = Watermarks.high(low, max(table, type));
            if (low != null) {
                lows.put(dataset, ValueJson.toJson(type, low));
            }
            if (high != null) {
                highs.put(dataset, ValueJson.toJson(type, high));
            }
        }
        return new WatermarkState(lows, highs, null, null);
    }

    private Object max(SourceTable table, SqlType type) throws SQLException {
        try (PreparedStatement ps = session.connection().prepareStatement(
                session.dialect().maxOf(table, table.watermark().name()));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? JdbcValues.read(rs, 1, table.watermark().sourceType(), type) : null;
        }
    }

    /** The range to read, or null when it is empty. */
    private KeysetScan.Range range(SourceTable table, WatermarkState state) {
        SqlType type = Watermarks.typeOf(table.watermark());
        Object low = value(table, type, state.lows().get(table.dataset().name()));
        Object high = value(table, type, state.highs().get(table.dataset().name()));
        if (high == null || (low != null && Watermarks.compare(low, high) >= 0)) {
            return null;
        }
        return new KeysetScan.Range(type, low, high);
    }

    private static Object value(SourceTable table, SqlType type, JsonNode json) {
        try {
            return ValueJson.fromJson(type, json);
        } catch (RuntimeException e) {
            throw new DatasurfaceException("the kept watermark " + json + " of dataset " + table.dataset().name()
                    + " is not a " + type + " like its watermark column " + table.watermark().name(), false, e);
        }
    }

    /** Ends the source transaction and closes the connection. */
    @Override
    public void close() {
        session.close();
    }
}

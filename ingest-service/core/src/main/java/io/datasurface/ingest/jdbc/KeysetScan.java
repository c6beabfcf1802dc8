package io.datasurface.ingest.jdbc;

import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.SqlType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One step's read of source tables in primary-key order into a {@link BatchSink}. After every
 * {@code chunkRows} rows (counted across tables) it writes a checkpoint whose restart point names the
 * table and the last key written; once {@code maxChunks} checkpoints are written, the next row found
 * ends the step instead of being written. A later step resumes after that key with keyset pagination,
 * so no row is lost or repeated and each step's query starts where the last one stopped.
 */
public final class KeysetScan {
    /** Makes a restart point from the table and the key of the last row written. */
    @FunctionalInterface
    public interface RestartPoints {
        String after(SourceTable table, Object[] lastKey);
    }

    /**
     * Rows with {@code low ≤ watermark < high}; a null bound is left out.
     *
     * @param type the Java type of the bounds (bigint, timestamp or timestamptz)
     */
    public record Range(SqlType type, Object low, Object high) {
    }

    private final Connection connection;
    private final SourceDialect dialect;
    private final BatchSink sink;
    private final int chunkRows;
    private final int maxChunks;
    private final RestartPoints restartPoints;
    private int rowsInChunk;
    private int checkpoints;

    public KeysetScan(SourceSession session, BatchSink sink, int chunkRows, int maxChunks, RestartPoints restartPoints) {
        if (chunkRows < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunkRows and maxChunks must be at least 1, were " + chunkRows
                    + " and " + maxChunks);
        }
        this.connection = session.connection();
        this.dialect = session.dialect();
        this.sink = sink;
        this.chunkRows = chunkRows;
        this.maxChunks = maxChunks;
        this.restartPoints = restartPoints;
    }

    /**
     * Reads {@code table}'s rows after key {@code after} (all rows when null) within {@code range}
     * (no range when null).
     *
     * @return true when the table was read to its end; false when a row remained after the step's
     *         last checkpoint (the step must yield)
     */
    public boolean scan(SourceTable table, Object[] after, Range range) throws SQLException {
        boolean low = range != null && range.low() != null;
        boolean high = range != null && range.high() != null;
        String watermark = table.watermark() == null ? null : table.watermark().name();
        String sql = dialect.select(table, watermark, low, high, after != null);
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(dialect.fetchSize(chunkRows));
            int p = 1;
            if (low) {
                JdbcValues.bind(ps, p++, range.type(), range.low());
            }
            if (high) {
                JdbcValues.bind(ps, p++, range.type(), range.high());
            }
            if (after != null) {
                bindKeyset(ps, p, table.keyTypes(), after);
            }
            boolean finished;
            try (ResultSet rs = ps.executeQuery()) {
                finished = copy(table, rs);
            }
            if (finished && after != null) {
                rejectNullKeys(table); // a resumed scan's keyset condition never returns rows with NULL keys
            }
            return finished;
        }
    }

    private void rejectNullKeys(SourceTable table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.nullKeyProbe(table))) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new DatasurfaceException("source table " + table.name() + " has a row whose key ("
                            + String.join(", ", table.keyNames()) + ") is NULL; key columns must not be NULL", false);
                }
            }
        }
    }

    private boolean copy(SourceTable table, ResultSet rs) throws SQLException {
        String dataset = table.dataset().name();
        try (PrefetchedRows rows = new PrefetchedRows(rs, table.columns(), "source rows of " + table.name())) {
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                if (checkpoints >= maxChunks) {
                    return false;
                }
                Object[] key = checkedKey(table, row); // every row: a NULL key sorts outside any keyset range
                sink.row(dataset, row);
                if (++rowsInChunk == chunkRows) {
                    sink.checkpoint(restartPoints.after(table, key));
                    rowsInChunk = 0;
                    checkpoints++;
                }
            }
            return true;
        }
    }

    /** Parameters of {@link SourceDialect#keysetAfter}: for i = 1..n, the values of k1..ki. */
    private static void bindKeyset(PreparedStatement ps, int first, List<SqlType> types, Object[] after)
            throws SQLException {
        int p = first;
        for (int i = 0; i < types.size(); i++) {
            for (int j = 0; j <= i; j++) {
                JdbcValues.bind(ps, p++, types.get(j), after[j]);
            }
        }
    }

    private static Object[] checkedKey(SourceTable table, Object[] row) {
        Object[] key = table.keyOf(row);
        for (int i = 0; i < key.length; i++) {
            if (key[i] == null) {
                throw new DatasurfaceException("source table " + table.name() + " has a row whose key column "
                        + table.keyNames().get(i) + " is NULL; key columns must not be NULL", false);
            }
        }
        return key;
    }
}

package io.datasurface.ingest.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result set's rows, fetched and decoded into model values by a thread of its own a few blocks ahead of the
 * caller ({@link ReadAhead}): while the caller hashes and writes one block, the next is read from the source, so the
 * source's round trips and the decoding overlap the caller's work instead of adding to it. Rows come in the result
 * set's order.
 *
 * <p>The result set (and its connection) is the thread's until {@link #close}, which the caller must call before it
 * uses them again. A failure of the thread (a lost connection, a value that does not fit its column) is thrown by
 * {@link #next} after the rows read before it.
 */
final class PrefetchedRows implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final int BLOCKS_AHEAD = 8;

    private final ReadAhead<List<Object[]>> ahead;
    private List<Object[]> block = List.of();
    private int at;

    PrefetchedRows(ResultSet rs, List<SourceColumn> columns, String name) {
        this.ahead = new ReadAhead<>(name, BLOCKS_AHEAD, out -> read(rs, columns, out));
    }

    /** The next row, or null after the last. */
    Object[] next() throws SQLException {
        while (at == block.size()) {
            block = ahead.take();
            at = 0;
            if (block == null) {
                block = List.of();
                return null;
            }
        }
        Object[] row = block.get(at);
        block.set(at++, null);
        return row;
    }

    /** Stops the thread (when rows are left) and waits for it: the result set is the caller's again. */
    @Override
    public void close() {
        ahead.close();
    }

    private static void read(ResultSet rs, List<SourceColumn> columns, ReadAhead<List<Object[]>> out)
            throws SQLException {
        List<Object[]> current = new ArrayList<>(BLOCK);
        try {
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    SourceColumn c = columns.get(i);
                    row[i] = JdbcValues.read(rs, i + 1, c.sourceType(), c.modelType());
                }
                current.add(row);
                if (current.size() == BLOCK) {
                    if (!out.put(current)) {
                        return;
                    }
                    current = new ArrayList<>(BLOCK);
                }
            }
        } finally {
            if (!current.isEmpty()) {
                out.put(current); // the rows before a failure come first
            }
        }
    }
}

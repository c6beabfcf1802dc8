package io.datasurface.ingest.snapshot;

import io.datasurface.ingest.jdbc.ReadAhead;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A merge table's current rows as (integer key, change hash) pairs in key order, read by a thread of its own
 * ({@link ReadAhead}) while the caller reads the source, so the two reads overlap and neither waits for the other's
 * round trips. Memory stays a few blocks whatever the table's size.
 *
 * <p>The connection is the stream's until {@link #close}: the caller must not use it before. A failure of the
 * query is thrown by the call that reaches it ({@link #advance}).
 */
final class DigestStream implements AutoCloseable {
    private static final int BLOCK = 8192;
    private static final int BLOCKS_AHEAD = 8;

    /** Pairs in key order. */
    private record Block(long[] keys, long[] hashes, int size) {
    }

    private final ReadAhead<Block> ahead;
    private Block block;
    private int at;

    /**
     * Starts reading; {@code sql} selects the key (an integer) and the change hash in key order, with {@code after} as
     * its one parameter when not null.
     */
    DigestStream(Connection connection, String sql, Long after, int fetchSize, String name) {
        this.ahead = new ReadAhead<>(name, BLOCKS_AHEAD, out -> read(connection, sql, after, fetchSize, out));
    }

    /** Moves to the next pair; false when there is none. */
    boolean advance() throws SQLException {
        if (block != null && ++at < block.size()) {
            return true;
        }
        block = ahead.take();
        at = 0;
        return block != null;
    }

    long key() {
        return block.keys()[at];
    }

    long hash() {
        return block.hashes()[at];
    }

    /** Stops the reading thread (when not at the end yet) and waits for it: the connection is the caller's again. */
    @Override
    public void close() {
        ahead.close();
    }

    private static void read(Connection connection, String sql, Long after, int fetchSize, ReadAhead<Block> out)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setFetchSize(fetchSize);
            if (after != null) {
                ps.setLong(1, after);
            }
            try (ResultSet rs = ps.executeQuery()) {
                long[] keys = new long[BLOCK];
                long[] hashes = new long[BLOCK];
                int size = 0;
                while (rs.next()) {
                    keys[size] = rs.getLong(1);
                    hashes[size++] = rs.getLong(2);
                    if (size == BLOCK) {
                        if (!out.put(new Block(keys, hashes, size))) {
                            return;
                        }
                        keys = new long[BLOCK];
                        hashes = new long[BLOCK];
                        size = 0;
                    }
                }
                if (size > 0) {
                    out.put(new Block(keys, hashes, size));
                }
            }
        } finally {
            connection.rollback();
        }
    }
}

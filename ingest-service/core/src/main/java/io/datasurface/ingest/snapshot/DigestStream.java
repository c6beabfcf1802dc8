package io.datasurface.ingest.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A merge table's current rows as (integer key, change hash) pairs in key order, read by a thread of its own while
 * the caller reads the source, so the two reads overlap and neither waits for the other's round trips. The pairs
 * come in blocks through a short queue: memory stays a few blocks whatever the table's size.
 *
 * <p>The connection is the stream's until {@link #close}: the caller must not use it before. A failure of the
 * query is thrown by the call that reaches it ({@link #advance}).
 */
final class DigestStream implements AutoCloseable {
    private static final int BLOCK = 8192;
    private static final Block END = new Block(0);

    private static final class Block {
        final long[] keys;
        final long[] hashes;
        int size;
        SQLException failure;

        Block(int capacity) {
            keys = new long[capacity];
            hashes = new long[capacity];
        }
    }

    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private final Connection connection;
    private volatile boolean stopped;
    private Block block;
    private int at;
    private boolean ended;

    /**
     * Starts reading; {@code sql} selects the key (an integer) and the change hash in key order, with {@code after} as
     * its one parameter when not null.
     */
    DigestStream(Connection connection, String sql, Long after, int fetchSize, String name) {
        this.connection = connection;
        this.reader = new Thread(() -> read(sql, after, fetchSize), name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Moves to the next pair; false when there is none. */
    boolean advance() throws SQLException {
        if (ended) {
            return false;
        }
        if (block != null && ++at < block.size) {
            return true;
        }
        try {
            block = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the merge store's change hashes", e);
        }
        at = 0;
        if (block.failure != null) {
            ended = true;
            throw block.failure;
        }
        if (block == END || block.size == 0) {
            ended = true;
            return false;
        }
        return true;
    }

    long key() {
        return block.keys[at];
    }

    long hash() {
        return block.hashes[at];
    }

    /** Stops the reading thread (when not at the end yet) and waits for it: the connection is the caller's again. */
    @Override
    public void close() {
        stopped = true;
        while (reader.isAlive()) {
            queue.clear(); // a reader blocked on a full queue goes on, sees stopped, and ends
            try {
                reader.join(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void read(String sql, Long after, int fetchSize) {
        Block current = new Block(BLOCK);
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setFetchSize(fetchSize);
                if (after != null) {
                    ps.setLong(1, after);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (!stopped && rs.next()) {
                        current.keys[current.size] = rs.getLong(1);
                        current.hashes[current.size++] = rs.getLong(2);
                        if (current.size == BLOCK) {
                            if (!put(current)) {
                                return;
                            }
                            current = new Block(BLOCK);
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
            if (current.size > 0 && !put(current)) {
                return;
            }
            put(END);
        } catch (SQLException e) {
            Block failed = new Block(0);
            failed.failure = e;
            put(failed);
        }
    }

    /** False when stopped before the block could be queued. */
    private boolean put(Block b) {
        try {
            while (!stopped) {
                if (queue.offer(b, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}

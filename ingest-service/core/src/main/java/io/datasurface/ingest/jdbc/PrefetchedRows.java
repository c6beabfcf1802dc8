package io.datasurface.ingest.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A result set's rows, fetched and decoded into model values by a thread of its own a few blocks ahead of the
 * caller: while the caller hashes and writes one block, the next is read from the source, so the source's round
 * trips and the decoding overlap the caller's work instead of adding to it. Rows come in the result set's order.
 *
 * <p>The result set (and its connection) is the thread's until {@link #close}, which the caller must call before it
 * uses them again. A failure of the thread (a lost connection, a value that does not fit its column) is thrown by
 * {@link #next} where the row it stopped at would have come.
 */
final class PrefetchedRows implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final int BLOCKS_AHEAD = 8;

    private static final class Block {
        final Object[][] rows = new Object[BLOCK][];
        int size;
        boolean last;
        Throwable failure;
    }

    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
    private final Thread reader;
    private volatile boolean stopped;
    private Block block;
    private int at;

    PrefetchedRows(ResultSet rs, List<SourceColumn> columns, String name) {
        this.reader = new Thread(() -> read(rs, columns), name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The next row, or null after the last. */
    Object[] next() throws SQLException {
        while (block == null || at == block.size) {
            if (block != null && block.last) {
                return null;
            }
            try {
                block = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the source", e);
            }
            at = 0;
            if (block.failure != null) {
                Throwable t = block.failure;
                block = null;
                stopped = true;
                if (t instanceof SQLException s) {
                    throw s;
                }
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) t;
            }
        }
        Object[] row = block.rows[at];
        block.rows[at++] = null;
        return row;
    }

    /** Stops the thread (when rows are left) and waits for it: the result set is the caller's again. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (reader.isAlive()) {
            queue.clear(); // a thread blocked on a full queue goes on, sees stopped, and ends
            try {
                reader.join(50);
            } catch (InterruptedException e) {
                interrupted = true; // the result set must not be used while the thread may still read it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(ResultSet rs, List<SourceColumn> columns) {
        Block current = new Block();
        try {
            while (!stopped && rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    SourceColumn c = columns.get(i);
                    row[i] = JdbcValues.read(rs, i + 1, c.sourceType(), c.modelType());
                }
                current.rows[current.size++] = row;
                if (current.size == BLOCK) {
                    if (!put(current)) {
                        return;
                    }
                    current = new Block();
                }
            }
            current.last = true;
            put(current);
        } catch (Throwable t) { // handed to the caller, which owns what to do with it
            if (current.size > 0 && !put(current)) {
                return;
            }
            Block failed = new Block();
            failed.failure = t;
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

package io.datasurface.ingest.jdbc;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A thread that produces blocks (of rows, of keys…) a few ahead of the one consumer that takes them, so that what the
 * producer waits for (a database's round trips) overlaps what the consumer does. Whatever the producer reads is its
 * own until {@link #close}, which stops it and waits for it; the consumer must not touch it before.
 *
 * <p>A failure of the producer is thrown by the consumer's {@link #take}, after the blocks queued before it.
 */
public final class ReadAhead<B> implements AutoCloseable {
    /** Produces the blocks in order, handing each to {@link #put}; returns when done or when put says stop. */
    @FunctionalInterface
    public interface Producer<B> {
        void produce(ReadAhead<B> out) throws Exception;
    }

    /** A block, the end, or the producer's failure. */
    private record Item<B>(B block, Throwable failure) {
    }

    private final BlockingQueue<Item<B>> queue;
    private final Thread thread;
    private volatile boolean stopped;
    private boolean ended;

    /** Starts the producer on a daemon thread of this name, at most {@code ahead} blocks ahead of the consumer. */
    public ReadAhead(String name, int ahead, Producer<B> producer) {
        this.queue = new ArrayBlockingQueue<>(ahead + 1);
        this.thread = new Thread(() -> {
            try {
                producer.produce(this);
                put(new Item<>(null, null));
            } catch (Throwable t) { // the consumer's to handle, where the next block would have come
                put(new Item<>(null, t));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** For the producer: queues a block; false when the consumer has stopped it (the producer should return). */
    public boolean put(B block) {
        return put(new Item<>(block, null));
    }

    /**
     * For the consumer: the next block, or null after the last. The producer's failure is thrown as it was (an
     * SQLException, a RuntimeException or an Error; any other exception wrapped in an SQLException).
     */
    public B take() throws SQLException {
        if (ended) {
            return null;
        }
        Item<B> item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for " + thread.getName(), e);
        }
        if (item.block() != null) {
            return item.block();
        }
        ended = true;
        Throwable t = item.failure();
        if (t == null) {
            return null;
        }
        if (t instanceof SQLException s) {
            throw s;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new SQLException(t.getMessage(), t);
    }

    /** Stops the producer (when it is not done) and waits for it to end. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            queue.clear(); // a producer waiting for room goes on, sees that it is stopped, and ends
            try {
                thread.join(50);
            } catch (InterruptedException e) {
                interrupted = true; // what the producer reads must not be used while it may still read it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean put(Item<B> item) {
        try {
            while (!stopped) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}

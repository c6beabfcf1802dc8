package io.datasurface.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one thread a service's event loop runs on, started and stopped the same way in every service: {@link
 * #stop()} sets {@link #stopping()}, counts down {@link #stopped} (for waits), wakes the loop's Kafka
 * consumer and waits for the loop to end. The loop body ends when asked to, or with an error that it logs;
 * either way {@link #alive()} turns false.
 */
public abstract class LoopThread {
    /** Long enough for running steps to reach a checkpoint (the ingest-service waits up to 60 s for them). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(90);

    /** Counted down when the service stops: wait on it instead of sleeping. */
    protected final CountDownLatch stopped = new CountDownLatch(1);
    private final String name;
    private final Logger log;
    private volatile boolean running;
    private volatile Thread thread;

    protected LoopThread(String name) {
        this.name = name;
        this.log = Logger.getLogger(getClass());
    }

    /** Starts the loop on a thread of its own. */
    public final synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " started twice");
        }
        running = true;
        thread = new Thread(this::body, name);
        thread.start();
    }

    /** Asks the loop to end and waits for it (at most 90 s). */
    public final void stop() throws InterruptedException {
        running = false;
        stopped.countDown();
        wakeup();
        Thread t = thread;
        if (t != null) {
            t.join(STOP_WAIT.toMillis());
        }
    }

    /** Whether the loop runs and has not been asked to stop. */
    public final boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive() && running;
    }

    /** Whether the service is stopping: the loop checks this between steps. */
    protected final boolean stopping() {
        return !running;
    }

    /** The loop; returns when {@link #stopping()}. */
    protected abstract void loop() throws InterruptedException;

    /** Wakes the loop from a blocking wait (a consumer's poll): called by {@link #stop()}, from another thread. */
    protected abstract void wakeup();

    /** Closes what the loop used; runs on the loop's thread when the loop ends, however it ends. */
    protected abstract void close();

    /** Records why the loop ended, when it failed (for health checks). */
    protected void failed(RuntimeException e) {
    }

    private void body() {
        try {
            loop();
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // stop() asked us to
        } catch (RuntimeException e) {
            failed(e);
            log.error(name + ": the event loop stopped", e);
        } finally {
            running = false;
            try {
                close();
            } catch (RuntimeException e) {
                log.debugf("%s: closing: %s", name, e.getMessage());
            }
        }
    }
}

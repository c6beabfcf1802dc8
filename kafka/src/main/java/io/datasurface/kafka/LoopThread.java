package io.datasurface.kafka;

import io.datasurface.model.fault.Backoff;
import io.datasurface.model.fault.DatasurfaceException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one thread a service's event loop runs on, started and stopped the same way in every service: {@link
 * #stop()} sets {@link #stopping()}, counts down {@link #stopped} (for waits), wakes the loop's Kafka consumer
 * and waits for the loop to end. A loop that fails — Kafka not answering in time at start, a fault nobody
 * foresaw — is logged and run again from its start after a pause that grows with each failure in a row
 * ({@link #RESTART}), so a service never sits there alive with its loop gone; {@link #loop()} must therefore
 * be able to run again. {@link #close()} runs once, when the loop ends for good.
 */
public abstract class LoopThread {
    /** Waits before the loop runs again after a failure. */
    static final Backoff RESTART = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    /** Long enough for running steps to reach a checkpoint (the ingest-service waits up to 60 s for them). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(90);

    /** Counted down when the service stops: wait on it instead of sleeping. */
    protected final CountDownLatch stopped = new CountDownLatch(1);
    private final String name;
    private final Logger log;
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String lastFailure;

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

    /** Whether the loop runs (or waits to run again after a failure) and has not been asked to stop. */
    public final boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive() && running;
    }

    /** How many times the loop failed and was started again. */
    public final long restarts() {
        return restarts.get();
    }

    /** Why the loop last failed; null when it never did. */
    public final String lastFailure() {
        return lastFailure;
    }

    /** Whether the service is stopping: the loop checks this between steps. */
    protected final boolean stopping() {
        return !running;
    }

    /** The loop, from its start; returns when {@link #stopping()}. Runs again after it throws. */
    protected abstract void loop() throws InterruptedException;

    /** Wakes the loop from a blocking wait (a consumer's poll): called by {@link #stop()}, from another thread. */
    protected abstract void wakeup();

    /** Closes what the loop used; runs on the loop's thread when the loop ends for good. */
    protected abstract void close();

    private void body() {
        try {
            for (int failures = 0; running; ) {
                try {
                    loop();
                    return;
                } catch (WakeupException | InterruptException e) {
                    if (!running) {
                        return; // stop() asked us to
                    }
                    failures = failed(e, failures);
                } catch (RuntimeException e) {
                    failures = failed(e, failures);
                }
                if (running && stopped.await(RESTART.delay(failures).toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            try {
                close();
            } catch (RuntimeException e) {
                log.debugf("%s: closing: %s", name, e.getMessage());
            }
        }
    }

    private int failed(RuntimeException e, int failuresBefore) {
        int failures = failuresBefore + 1;
        lastFailure = e instanceof DatasurfaceException || e instanceof KafkaException
                ? KafkaFaults.of(name, e).getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        restarts.incrementAndGet();
        log.errorf(e, "%s: the event loop failed (%s); starting it again in %s", name, lastFailure,
                RESTART.delay(failures));
        return failures;
    }
}

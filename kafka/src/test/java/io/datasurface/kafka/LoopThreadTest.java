package io.datasurface.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

    /** A loop that fails on its first run and then runs until it is stopped. */
    static final class FailsOnce extends LoopThread {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch secondRun = new CountDownLatch(1);

        FailsOnce() {
            super("fails-once");
        }

        @Override
        protected void loop() throws InterruptedException {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the broker did not answer in time");
            }
            secondRun.countDown();
            stopped.await();
        }

        @Override
        protected void wakeup() {
        }

        @Override
        protected void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void aLoopThatFailsRunsAgainFromItsStartAndIsClosedOnceWhenTheServiceStops() throws Exception {
        FailsOnce loop = new FailsOnce();
        loop.start();

        assertThat(loop.secondRun.await(10, TimeUnit.SECONDS)).as("ran again after the failure").isTrue();
        assertThat(loop.alive()).isTrue();
        assertThat(loop.restarts()).isEqualTo(1);
        assertThat(loop.lastFailure()).isEqualTo("IllegalStateException: the broker did not answer in time");
        assertThat(loop.closes.get()).as("nothing closed while it runs again").isZero();

        loop.stop();
        assertThat(loop.alive()).isFalse();
        assertThat(loop.closes.get()).isEqualTo(1);
        assertThat(loop.runs.get()).isEqualTo(2);
    }

    @Test
    void aServiceStoppingWhileItsLoopWaitsToRunAgainEndsItsLoop() throws Exception {
        LoopThread alwaysFails = new LoopThread("always-fails") {
            @Override
            protected void loop() {
                throw new IllegalStateException("no");
            }

            @Override
            protected void wakeup() {
            }

            @Override
            protected void close() {
            }
        };
        alwaysFails.start();
        alwaysFails.stop();

        assertThat(alwaysFails.alive()).isFalse();
        assertThat(alwaysFails.restarts()).as("no run after the stop").isLessThanOrEqualTo(1);
    }
}

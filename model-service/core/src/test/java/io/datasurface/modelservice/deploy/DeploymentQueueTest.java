package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.modelservice.deploy.DeploymentQueue.Admission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The queue with a deployer that waits until the test lets it go: what waits, what is refused and when to come
 * back, what is not queued twice, and what a delivery seen before is answered.
 */
class DeploymentQueueTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String REPO = "github:acme/x@main";

    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<DeploymentRequest> deployed = new CopyOnWriteArrayList<>();
    private final Map<String, DeploymentRecord> table = new ConcurrentHashMap<>();
    private DeploymentQueue queue;

    private DeploymentQueue queue(int capacity) {
        queue = new DeploymentQueue(r -> {
            started.countDown();
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deployed.add(r);
            return new DeploymentResult(r.commit(), DeploymentStatus.DEPLOYED, false, "model-1", List.of(), null);
        }, (commit, repo) -> Optional.ofNullable(table.get(commit + repo)), capacity, Clock.systemUTC(),
                new DeploymentQueue.Listener() {
                    @Override
                    public void ended(DeploymentRequest request, DeploymentResult result) {
                    }

                    @Override
                    public void failed(DeploymentRequest request, Throwable fault) {
                    }
                });
        return queue;
    }

    @AfterEach
    void close() {
        go.countDown();
        queue.close(Duration.ofSeconds(10));
    }

    private static DeploymentRequest push(String commit) {
        return new DeploymentRequest(commit, REPO, "https://github.com/acme/x.git", null);
    }

    private static DeploymentRequest folder(String path) {
        return new DeploymentRequest(null, null, null, path);
    }

    private void recorded(String commit, DeploymentStatus status) {
        table.put(commit + REPO, new DeploymentRecord("id", commit, REPO, "src", status, null, null, List.of(), null,
                Instant.now(), Instant.now()));
    }

    @Test
    @DisplayName("regression: the deployment queue had no bound")
    void beyondItsSizeAQueueRefusesWithWhenToComeBack() throws Exception {
        DeploymentQueue q = queue(2);
        assertThat(q.offer(folder("/m/1"), null)).isInstanceOf(Admission.Queued.class);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue(); // running: it does not count as waiting
        assertThat(q.offer(folder("/m/2"), null)).isInstanceOf(Admission.Queued.class);
        assertThat(q.offer(folder("/m/3"), null)).isInstanceOf(Admission.Queued.class);

        Admission full = q.offer(folder("/m/4"), null);

        assertThat(full).isInstanceOfSatisfying(Admission.Full.class, f -> {
            assertThat(f.waiting()).isEqualTo(2);
            assertThat(f.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofMinutes(10));
        });
        go.countDown();
        q.drained().get(30, TimeUnit.SECONDS);
        assertThat(deployed).extracting(DeploymentRequest::localPath).containsExactly("/m/1", "/m/2", "/m/3");
        assertThat(q.offer(folder("/m/4"), null)).isInstanceOf(Admission.Queued.class);
    }

    @Test
    void aQueueOfSizeZeroRunsOneAtATimeAndRefusesTheRest() throws Exception {
        DeploymentQueue q = queue(0);
        assertThat(q.offer(folder("/m/1"), null)).isInstanceOf(Admission.Queued.class);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(q.offer(folder("/m/2"), null)).isInstanceOf(Admission.Full.class);
    }

    @Test
    void theSameCommitOfTheSameRepoIsNotQueuedTwice() throws Exception {
        DeploymentQueue q = queue(5);
        Admission first = q.offer(push(A), null);
        Admission again = q.offer(push(A), null);
        Admission other = q.offer(push(B), null);

        assertThat(again).isInstanceOfSatisfying(Admission.AlreadyQueued.class,
                a -> assertThat(a.result()).isSameAs(((Admission.Queued) first).result()));
        assertThat(other).isInstanceOf(Admission.Queued.class);
        go.countDown();
        q.drained().get(30, TimeUnit.SECONDS);
        assertThat(deployed).extracting(DeploymentRequest::commit).containsExactly(A, B);
    }

    @Test
    @DisplayName("regression: a delivery seen before was fetched and deployed again")
    void aDeliverySeenBeforeIsAnsweredFromWhatBecameOfIt() throws Exception {
        DeploymentQueue q = queue(5);
        assertThat(q.offer(push(A), "delivery-1")).isInstanceOf(Admission.Queued.class);
        // while it waits or runs
        assertThat(q.offer(push(A), "delivery-1")).isInstanceOf(Admission.AlreadyQueued.class);
        go.countDown();
        q.drained().get(30, TimeUnit.SECONDS);
        recorded(A, DeploymentStatus.DEPLOYED);

        Admission replay = q.offer(push(A), "delivery-1");

        assertThat(replay).isInstanceOfSatisfying(Admission.AlreadyDone.class,
                d -> assertThat(d.deployment().status()).isEqualTo(DeploymentStatus.DEPLOYED));
        recorded(A, DeploymentStatus.REJECTED);
        assertThat(q.offer(push(A), "delivery-1")).isInstanceOf(Admission.AlreadyDone.class);
        assertThat(deployed).hasSize(1);
    }

    @Test
    void aDeliveryWhoseDeploymentFailedOrWasInterruptedIsQueuedAgain() throws Exception {
        DeploymentQueue q = queue(5);
        go.countDown();
        q.offer(push(A), "delivery-1");
        q.drained().get(30, TimeUnit.SECONDS);

        recorded(A, DeploymentStatus.FAILED);
        assertThat(q.offer(push(A), "delivery-1")).isInstanceOf(Admission.Queued.class);
        q.drained().get(30, TimeUnit.SECONDS);
        recorded(A, DeploymentStatus.INTERRUPTED);
        assertThat(q.offer(push(A), "delivery-1")).isInstanceOf(Admission.Queued.class);
        q.drained().get(30, TimeUnit.SECONDS);

        assertThat(deployed).hasSize(3);
    }

    @Test
    void theRetryEstimateGrowsWithHowLongDeploymentsTake() throws Exception {
        Instant[] now = {Instant.parse("2025-06-01T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        CountDownLatch[] gate = {new CountDownLatch(0)};
        CountDownLatch[] running = {new CountDownLatch(1)};
        queue = new DeploymentQueue(r -> {
            running[0].countDown();
            try {
                gate[0].await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now[0] = now[0].plusSeconds(100); // each deployment "takes" 100 s
            return new DeploymentResult(null, DeploymentStatus.DEPLOYED, false, "m", List.of(), null);
        }, (c, r) -> Optional.empty(), 1, clock, new DeploymentQueue.Listener() {
            @Override
            public void ended(DeploymentRequest request, DeploymentResult result) {
            }

            @Override
            public void failed(DeploymentRequest request, Throwable fault) {
            }
        });
        Duration first = refusedAfter(gate, running);
        for (int i = 0; i < 10; i++) {
            queue.offer(folder("/m/" + i), null);
            queue.drained().get(30, TimeUnit.SECONDS);
        }

        Duration later = refusedAfter(gate, running);

        assertThat(first).isEqualTo(Duration.ofSeconds(20)); // 10 s a deployment until one was seen; two ahead
        assertThat(later).isBetween(Duration.ofSeconds(150), Duration.ofSeconds(200));
    }

    /** One deployment running and one waiting: the retry estimate of the next offer; then lets them all end. */
    private Duration refusedAfter(CountDownLatch[] gate, CountDownLatch[] running) throws Exception {
        gate[0] = new CountDownLatch(1);
        running[0] = new CountDownLatch(1);
        queue.offer(folder("/m/running"), null);
        assertThat(running[0].await(30, TimeUnit.SECONDS)).isTrue();
        queue.offer(folder("/m/waiting"), null);
        Admission full = queue.offer(folder("/m/refused"), null);
        gate[0].countDown();
        queue.drained().get(30, TimeUnit.SECONDS);
        assertThat(full).isInstanceOf(Admission.Full.class);
        return ((Admission.Full) full).retryAfter();
    }
}

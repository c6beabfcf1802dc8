package io.datasurface.modelservice.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Deployments run one at a time, in the order they came, on a thread of their own; at most {@code capacity} wait.
 * A request that finds the queue full is refused with an estimate of when to try again. A commit (of a repo)
 * that is already waiting or running is not queued twice, and a webhook delivery seen before is answered from
 * what became of it, without fetching anything: its deployment waiting or running, or DEPLOYED or REJECTED.
 * A delivery whose deployment FAILED or was INTERRUPTED is queued again: redelivering is how it is retried.
 *
 * <p>Delivery ids are remembered in memory (the newest {@value #DELIVERIES}). They are a convenience, not a
 * guard: the id is not covered by the signature, and what makes deploying a commit idempotent across restarts
 * is the deployments table, which the deployer consults before it fetches.
 */
public final class DeploymentQueue implements AutoCloseable {
    static final int DELIVERIES = 10_000;

    /** What became of an offer. */
    public sealed interface Admission {
        /** Queued; the future says how it ended. */
        record Queued(CompletableFuture<DeploymentResult> result) implements Admission {
        }

        /** The same commit of the same repo is waiting or running already; the future is that deployment's. */
        record AlreadyQueued(CompletableFuture<DeploymentResult> result) implements Admission {
        }

        /** The delivery was seen before and its deployment ended so (DEPLOYED or REJECTED) or is running. */
        record AlreadyDone(DeploymentRecord deployment) implements Admission {
        }

        /** The queue is full: try again after {@code retryAfter}. */
        record Full(int waiting, Duration retryAfter) implements Admission {
        }
    }

    /** Told how each deployment ended. */
    public interface Listener {
        void ended(DeploymentRequest request, DeploymentResult result);

        /** A deployment that ended in an exception nobody foresaw (the deployer records every other ending). */
        void failed(DeploymentRequest request, Throwable fault);
    }

    /** A commit as pushed by one repo: what a deployment is known by. */
    record Key(String commit, String sourceRepo) {
        static Optional<Key> of(DeploymentRequest r) {
            return r.commit() != null && r.sourceRepo() != null && GitFetcher.COMMIT_ID.matcher(r.commit()).matches()
                    ? Optional.of(new Key(r.commit(), r.sourceRepo())) : Optional.empty();
        }
    }

    private final Function<DeploymentRequest, DeploymentResult> deploy;
    private final BiFunction<String, String, Optional<DeploymentRecord>> deployments;
    private final int capacity;
    private final Clock clock;
    private final Listener listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "deployments"));
    private final Map<Key, CompletableFuture<DeploymentResult>> pending = new HashMap<>();
    private final Map<String, Key> deliveries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Key> eldest) {
            return size() > DELIVERIES;
        }
    };
    private int waiting;
    private boolean running;
    private double secondsPerDeployment = 10;

    /**
     * @param deploy   runs one deployment (the deployer)
     * @param deployments a deployment by commit and source repo ({@link DeploymentLog#byCommit}), to answer a
     *                 delivery seen before
     * @param capacity how many deployments may wait (the one running not counted); 0 or more
     * @param listener told of each deployment's end (for logs and metrics)
     */
    public DeploymentQueue(Function<DeploymentRequest, DeploymentResult> deploy,
                           BiFunction<String, String, Optional<DeploymentRecord>> deployments, int capacity,
                           Clock clock, Listener listener) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the deployment queue size must be 0 or more, got " + capacity);
        }
        this.deploy = deploy;
        this.deployments = deployments;
        this.capacity = capacity;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Queues a deployment, unless it need not or cannot be.
     *
     * @param deliveryId the webhook delivery's id ({@code X-GitHub-Delivery}); null for none
     */
    public Admission offer(DeploymentRequest request, String deliveryId) {
        Optional<Key> key = Key.of(request);
        Optional<Key> seen = seen(deliveryId);
        if (seen.isPresent()) {
            Optional<CompletableFuture<DeploymentResult>> running = pendingOf(seen.get());
            if (running.isPresent()) {
                return new Admission.AlreadyQueued(running.get());
            }
            Optional<DeploymentRecord> before = deployments.apply(seen.get().commit(), seen.get().sourceRepo());
            if (before.isPresent() && switch (before.get().status()) {
                case DEPLOYED, REJECTED, RUNNING -> true;
                case FAILED, INTERRUPTED -> false;
            }) {
                return new Admission.AlreadyDone(before.get());
            }
        }
        synchronized (this) {
            if (key.isPresent() && pending.containsKey(key.get())) {
                remember(deliveryId, key.get());
                return new Admission.AlreadyQueued(pending.get(key.get()));
            }
            if (waiting >= capacity && !idle()) {
                return new Admission.Full(waiting, retryAfter());
            }
            waiting++;
            CompletableFuture<DeploymentResult> result = new CompletableFuture<>();
            key.ifPresent(k -> {
                pending.put(k, result);
                remember(deliveryId, k);
            });
            thread.execute(() -> run(request, key, result));
            return new Admission.Queued(result);
        }
    }

    private void run(DeploymentRequest request, Optional<Key> key, CompletableFuture<DeploymentResult> result) {
        synchronized (this) {
            waiting--;
            running = true;
        }
        Instant start = clock.instant();
        try {
            DeploymentResult r = deploy.apply(request);
            listener.ended(request, r);
            result.complete(r);
        } catch (RuntimeException | Error e) {
            listener.failed(request, e);
            result.completeExceptionally(e);
        } finally {
            synchronized (this) {
                running = false;
                key.ifPresent(pending::remove);
                double took = Math.max(0.1, Duration.between(start, clock.instant()).toMillis() / 1000.0);
                secondsPerDeployment = 0.8 * secondsPerDeployment + 0.2 * took;
            }
        }
    }

    /** Nothing waiting and nothing running: a request may always start at once then, whatever the capacity. */
    private boolean idle() {
        return waiting == 0 && !running;
    }

    /** An estimate: the deployments waiting times how long recent ones took, between 1 s and 10 min. */
    private Duration retryAfter() {
        long seconds = (long) Math.ceil(secondsPerDeployment * (waiting + 1));
        return Duration.ofSeconds(Math.max(1, Math.min(600, seconds)));
    }

    private synchronized Optional<Key> seen(String deliveryId) {
        return deliveryId == null ? Optional.empty() : Optional.ofNullable(deliveries.get(deliveryId));
    }

    private synchronized Optional<CompletableFuture<DeploymentResult>> pendingOf(Key key) {
        return Optional.ofNullable(pending.get(key));
    }

    private void remember(String deliveryId, Key key) {
        if (deliveryId != null) {
            deliveries.put(deliveryId, key);
        }
    }

    /** How many deployments wait (not counting the one running). */
    public synchronized int waiting() {
        return waiting;
    }

    /** Completes once every deployment queued before this call has ended. */
    public CompletableFuture<Void> drained() {
        return run(() -> { });
    }

    /** Runs a task on the deployments' thread, after what is queued now (it takes no place in the queue). */
    public CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, thread);
    }

    /** Lets the running deployment and the waiting ones end, for at most {@code timeout}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        thread.shutdown();
        try {
            thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

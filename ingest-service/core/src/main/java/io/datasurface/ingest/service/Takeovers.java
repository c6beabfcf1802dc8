package io.datasurface.ingest.service;

import io.datasurface.model.fault.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Where each assignment partition given to this instance is: <em>pending</em> (assigned, not taken over yet, with
 * the moment from which to try, later after each failed try) or <em>active</em> (its streams run here), and its
 * <em>epoch</em>, a number that changes whenever it becomes active or stops being so. A step records its
 * partition's epoch when it is handed out; what it leaves behind (the state it committed) counts here only while
 * the epoch is the same: a step that outlived its partition's stay here, however long it ran, never puts its state
 * over the one a later take-over read.
 *
 * <p>The pending partitions belong to the control thread; {@link #active} and {@link #epoch} are read by any.
 */
final class Takeovers {
    /** The pause before taking a partition over again after a failed try: 1 s, doubling, at most 30 s. */
    static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static final AtomicLong EPOCHS = new AtomicLong();

    private final Map<Integer, Instant> pending = new TreeMap<>();
    private final Map<Integer, Integer> failures = new HashMap<>();
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
    private volatile Set<Integer> active = Set.of();

    /** Newly assigned partitions: to take over at once. */
    void assigned(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            pending.put(p, Instant.MIN);
            failures.remove(p);
        });
    }

    /** The pending partitions whose time to try has come. */
    Set<Integer> due(Instant now) {
        return pending.entrySet().stream().filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A try to take these over failed: they stay pending, tried again after a pause that grows with each failure. */
    void failed(Collection<Integer> partitions, Instant now) {
        for (int p : partitions) {
            if (pending.containsKey(p)) {
                pending.put(p, now.plus(RETRY.delay(failures.merge(p, 1, Integer::sum))));
            }
        }
    }

    /** These partitions' streams run here from now on. */
    void activate(Collection<Integer> taken) {
        taken.forEach(p -> {
            pending.remove(p);
            failures.remove(p);
            epochs.put(p, EPOCHS.incrementAndGet());
        });
        Set<Integer> now = new TreeSet<>(active);
        now.addAll(taken);
        active = Set.copyOf(now);
    }

    /**
     * These partitions' streams stop here; those of them in {@code retry} are taken over again from {@code retryAt}.
     */
    void deactivate(Collection<Integer> given, Instant retryAt, Set<Integer> retry) {
        Set<Integer> now = new TreeSet<>(active);
        now.removeAll(given);
        given.forEach(p -> epochs.put(p, EPOCHS.incrementAndGet()));
        active = Set.copyOf(now);
        if (retryAt != null) {
            given.stream().filter(retry::contains).forEach(p -> pending.put(p, retryAt));
        }
    }

    /** Partitions no longer assigned (revoked, lost): forgotten, pending or not. */
    void gone(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            pending.remove(p);
            failures.remove(p);
        });
    }

    void clearPending() {
        pending.clear();
        failures.clear();
    }

    boolean nonePending() {
        return pending.isEmpty();
    }

    Set<Integer> active() {
        return active;
    }

    /** The partition's epoch now; it changes when the partition becomes active here or stops being so. */
    long epoch(int partition) {
        return epochs.getOrDefault(partition, 0L);
    }

    /** Whether the partition is active here in the same stay as when {@code epoch} was read. */
    boolean current(int partition, long epoch) {
        return active.contains(partition) && epoch(partition) == epoch;
    }
}

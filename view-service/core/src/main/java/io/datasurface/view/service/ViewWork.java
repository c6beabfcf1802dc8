package io.datasurface.view.service;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.PlatformGraphs;
import io.datasurface.view.reconcile.PlatformViews;
import io.datasurface.view.reconcile.ReconcileReport;
import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.reconcile.ViewOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the view-service has to do, driven by events: a graph change reconciles its platform's views
 * (all of them, dropping the gone ones); a committed batch reconciles only the views of its stream's
 * exports, and only while some of them are not made yet. What fails is retried with backoff, without
 * waiting for another event. Not thread-safe: one event loop drives it.
 */
public final class ViewWork {
    /** Runs one reconciliation; {@code scope} null means every export of the platform, dropping orphans. */
    @FunctionalInterface
    public interface Reconcile {
        ReconcileReport run(PlatformViews views, Predicate<ExportNode> scope);
    }

    /** One platform's work to do: everything, or the views of some streams; due at {@code due}. */
    private static final class Pending {
        boolean full;
        /** Whether a committed batch may cure what failed (a merge table or column not there yet). */
        boolean wakeOnBatch = true;
        final Set<String> streams = new HashSet<>();
        Instant due;
        int attempt;
    }

    private final PlatformGraphs graphs = new PlatformGraphs();
    private final Set<String> platformsServed;
    private final Reconcile reconcile;
    private final Consumer<ViewsReconciled> publish;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<String, Pending> pending = new TreeMap<>();
    /** Export keys whose views were all made by the last reconciliation that covered them. */
    private final Set<String> made = new HashSet<>();
    private final ViewCounters counters = new ViewCounters();

    /** @param platformsServed the platforms this instance serves; empty for all */
    public ViewWork(Set<String> platformsServed, Reconcile reconcile, Consumer<ViewsReconciled> publish,
                    Backoff backoff, Clock clock) {
        this.platformsServed = Set.copyOf(platformsServed);
        this.reconcile = reconcile;
        this.publish = publish;
        this.backoff = backoff;
        this.clock = clock;
    }

    public void graphChanged(GraphChanged event) {
        GraphDiff diff = event.diff();
        if (!serves(diff.platform())) {
            return;
        }
        graphs.apply(diff);
        Stream.of(diff.exportsAdded(), diff.exportsChanged(), diff.exportsRemoved())
                .flatMap(l -> l.stream()).forEach(e -> made.remove(e.key()));
        Pending p = pendingOf(diff.platform());
        p.full = true;
        p.due = clock.instant();
        p.attempt = 0;
    }

    public void batchCommitted(BatchCommitted event) {
        if (!serves(event.platform())) {
            return;
        }
        Optional<PlatformViews> views = graphs.graph(event.platform()).map(PlatformViews::of);
        if (views.isEmpty()) {
            return;
        }
        boolean allMade = views.get().exports().stream().filter(e -> e.stream().equals(event.stream()))
                .allMatch(e -> made.contains(e.key()));
        if (allMade) {
            return;
        }
        Pending p = pendingOf(event.platform());
        p.streams.add(event.stream());
        if (p.due == null || (p.wakeOnBatch && p.due.isAfter(clock.instant()))) {
            p.due = clock.instant(); // new data may be what a waiting retry needs; other failures keep their backoff
        }
    }

    /** Runs the work that is due; returns how long until the next work is due (empty when none is waiting). */
    public Optional<Duration> runDue() {
        Instant now = clock.instant();
        for (String platform : Set.copyOf(pending.keySet())) {
            Pending p = pending.get(platform);
            if (!p.due.isAfter(now)) {
                pending.remove(platform);
                run(platform, p);
            }
        }
        return pending.values().stream().map(p -> p.due).min(Instant::compareTo)
                .map(due -> {
                    Duration d = Duration.between(clock.instant(), due);
                    return d.isNegative() ? Duration.ZERO : d;
                });
    }

    public ViewCounters counters() {
        return counters;
    }

    /** Platforms with work waiting (a retry, or work not yet run). */
    public int platformsWaiting() {
        return pending.size();
    }

    private void run(String platform, Pending p) {
        Optional<PlatformViews> views = graphs.graph(platform).map(PlatformViews::of);
        if (views.isEmpty()) {
            return;
        }
        Predicate<ExportNode> scope = p.full ? null : e -> p.streams.contains(e.stream());
        ReconcileReport report;
        try {
            report = reconcile.run(views.get(), scope);
        } catch (RuntimeException e) {
            counters.runFailed(e);
            retry(platform, p);
            return;
        }
        counters.record(report);
        Set<String> failedExports = new HashSet<>();
        boolean dropFailed = false;
        boolean awaitingData = true;
        for (ViewOutcome o : report.outcomes()) {
            if (o.action() == ViewAction.FAILED) {
                failedExports.add(o.exportKey());
                awaitingData &= o.awaitsData();
                dropFailed |= views.get().exports().stream().noneMatch(e -> e.key().equals(o.exportKey()));
            }
        }
        views.get().exports().stream().filter(e -> scope == null || scope.test(e)).map(ExportNode::key)
                .forEach(k -> {
                    if (failedExports.contains(k)) {
                        made.remove(k);
                    } else {
                        made.add(k);
                    }
                });
        if (report.outcomes().stream().anyMatch(o -> o.action() != ViewAction.UNCHANGED)) {
            publish.accept(report.toEvent(clock.instant()));
        }
        if (!failedExports.isEmpty()) {
            Pending again = new Pending();
            again.full = dropFailed;
            views.get().exports().stream().filter(e -> failedExports.contains(e.key()))
                    .forEach(e -> again.streams.add(e.stream()));
            again.attempt = p.attempt;
            again.wakeOnBatch = awaitingData;
            retry(platform, again);
        }
    }

    private void retry(String platform, Pending p) {
        Pending merged = pendingOf(platform);
        merged.full |= p.full;
        merged.wakeOnBatch = p.wakeOnBatch;
        merged.streams.addAll(p.streams);
        merged.attempt = Math.max(merged.attempt, p.attempt + 1);
        Instant due = clock.instant().plus(backoff.delay(merged.attempt));
        if (merged.due == null || merged.due.isBefore(due)) {
            merged.due = due;
        }
    }

    private Pending pendingOf(String platform) {
        return pending.computeIfAbsent(platform, k -> new Pending());
    }

    private boolean serves(String platform) {
        return platformsServed.isEmpty() || platformsServed.contains(platform);
    }
}

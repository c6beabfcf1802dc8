package io.datasurface.view.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.view.reconcile.PlatformViews;
import io.datasurface.view.reconcile.ReconcileReport;
import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.reconcile.ViewOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ViewWorkTest {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    /** Export keys whose merge tables "exist". */
    final Set<String> ready = new HashSet<>();
    /** Export keys whose views fail for a reason no batch cures. */
    final Set<String> blockedByOthers = new HashSet<>();
    final List<String> runs = new ArrayList<>();
    final List<ViewsReconciled> published = new ArrayList<>();
    final ViewWork work = new ViewWork(Set.of(), this::reconcile, published::add,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock);

    private ReconcileReport reconcile(PlatformViews views, Predicate<ExportNode> scope) {
        List<ViewOutcome> out = new ArrayList<>();
        List<String> touched = new ArrayList<>();
        for (ExportNode e : views.exports()) {
            if (scope == null || scope.test(e)) {
                touched.add(e.dataset());
                boolean blocked = blockedByOthers.contains(e.key());
                out.add(ready.contains(e.key()) ? new ViewOutcome(e.view(), e.key(), ViewAction.CREATED, null)
                        : blocked ? new ViewOutcome(e.view(), e.key(), ViewAction.FAILED, "a view of this name exists")
                        : new ViewOutcome(e.view(), e.key(), ViewAction.FAILED, "merge table missing", true));
            }
        }
        runs.add((scope == null ? "all:" : "some:") + String.join(",", touched));
        return new ReconcileReport(views.platform(), "public", out);
    }

    @Test
    void aGraphChangeReconcilesThePlatformAndAFailureIsRetriedWithGrowingWaits() {
        work.graphChanged(graphChanged(null, graph("a", "b")));
        assertThat(work.runDue()).contains(Duration.ofSeconds(1));
        assertThat(runs).containsExactly("all:a,b");
        assertThat(published).hasSize(1);

        now = now.plusMillis(500);
        assertThat(work.runDue()).contains(Duration.ofMillis(500)); // not due yet
        assertThat(runs).hasSize(1);
        now = now.plusMillis(500);
        assertThat(work.runDue()).contains(Duration.ofSeconds(2));
        now = now.plusSeconds(2);
        assertThat(work.runDue()).contains(Duration.ofSeconds(4));
        now = now.plusSeconds(4);
        assertThat(work.runDue()).contains(Duration.ofSeconds(4)); // capped
        assertThat(runs).hasSize(4);
        assertThat(runs.subList(1, 4)).allMatch(r -> r.equals("some:a,b"));

        ready.add(key("a"));
        ready.add(key("b"));
        now = now.plusSeconds(4);
        assertThat(work.runDue()).isEmpty();
        assertThat(published.get(published.size() - 1).created()).hasSize(2);
    }

    @Test
    void aCommittedBatchReconcilesOnlyItsStreamAndOnlyUntilItsViewsAreMade() {
        ready.add(key("a"));
        ready.add(key("b"));
        work.graphChanged(graphChanged(null, graph("a", "b")));
        assertThat(work.runDue()).isEmpty();
        work.batchCommitted(committed("a"));
        assertThat(work.runDue()).isEmpty();
        assertThat(runs).containsExactly("all:a,b"); // views of a already made: nothing to do

        ready.remove(key("b"));
        work.graphChanged(graphChanged(graph("a", "b"), graph("a", "b", "c")));
        work.runDue();
        assertThat(runs).last().isEqualTo("all:a,b,c");
        ready.add(key("c"));
        work.batchCommitted(committed("c")); // the batch may be what the failed views were waiting for
        work.runDue();
        assertThat(runs).last().isEqualTo("some:b,c");
    }

    @Test
    void aFailureNoBatchCuresKeepsItsBackoffWhenBatchesCommit() {
        blockedByOthers.add(key("a"));
        work.graphChanged(graphChanged(null, graph("a")));
        assertThat(work.runDue()).contains(Duration.ofSeconds(1));
        work.batchCommitted(committed("a"));
        assertThat(work.runDue()).contains(Duration.ofSeconds(1)); // not run again at once
        assertThat(runs).hasSize(1);
    }

    @Test
    void platformsNotServedAreIgnored() {
        ViewWork only = new ViewWork(Set.of("other"), this::reconcile, published::add,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock);
        only.graphChanged(graphChanged(null, graph("a")));
        assertThat(only.runDue()).isEmpty();
        assertThat(runs).isEmpty();
    }

    @Test
    void aReconciliationThatCannotRunIsRetried() {
        List<Integer> calls = new ArrayList<>();
        ViewWork flaky = new ViewWork(Set.of(), (v, s) -> {
            calls.add(1);
            throw new DatasurfaceException("merge store down", true);
        }, published::add, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock);
        flaky.graphChanged(graphChanged(null, graph("a")));
        assertThat(flaky.runDue()).contains(Duration.ofSeconds(1));
        assertThat(flaky.counters().runsFailed()).isEqualTo(1);
        assertThat(flaky.counters().lastError()).isEqualTo("merge store down");
        now = now.plusSeconds(1);
        assertThat(flaky.runDue()).contains(Duration.ofSeconds(2));
        assertThat(calls).hasSize(2);
    }

    private static String key(String dataset) {
        return ExportNode.keyOf("p", "ws", "g", "s", dataset);
    }

    private static PipelineGraph graph(String... datasets) {
        List<ExportNode> exports = new ArrayList<>();
        List<IngestionNode> streams = new ArrayList<>();
        for (String d : datasets) {
            String stream = IngestionNode.keyOf("p", "s", d);
            exports.add(new ExportNode(key(d), "p", "ws", "g", "s", d, "PROVISIONED", stream, "s_" + d + "_merge",
                    "p_ws_g_" + d + "_view", null, "fp"));
            streams.add(new IngestionNode(stream, "p", "s", d, CaptureType.SQL_SNAPSHOT, "external", null, null, List.of(
                    new DatasetSpec(d, "s_" + d + "_merge", "s_" + d + "_staging", null,
                            List.of(new ColumnSpec("id", "integer", false, true)), "fp"))));
        }
        return new PipelineGraph("p", "yellow", Milestoning.LIVE_ONLY, "p", null, null, streams, exports);
    }

    private static GraphChanged graphChanged(PipelineGraph before, PipelineGraph after) {
        return new GraphChanged("p", "v", "c", GraphDiff.between(before, after), Instant.EPOCH);
    }

    private static BatchCommitted committed(String dataset) {
        return new BatchCommitted("p", IngestionNode.keyOf("p", "s", dataset), 1, BatchKind.FULL, List.of(), null,
                Instant.EPOCH, Instant.EPOCH);
    }

}

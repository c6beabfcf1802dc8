package io.datasurface.view.service;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.view.reconcile.ReconcileReport;
import io.datasurface.view.reconcile.ViewAction;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Running totals of the view-service's work, safe to read from any thread (metrics, health). */
public final class ViewCounters {
    private final Map<ViewAction, AtomicLong> views = new EnumMap<>(ViewAction.class);
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong runsFailed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    ViewCounters() {
        for (ViewAction a : ViewAction.values()) {
            views.put(a, new AtomicLong());
        }
    }

    void record(ReconcileReport report) {
        runs.incrementAndGet();
        report.outcomes().forEach(o -> views.get(o.action()).incrementAndGet());
        report.outcomes().stream().filter(o -> o.action() == ViewAction.FAILED).reduce((a, b) -> b)
                .ifPresentOrElse(o -> lastError.set(o.line()), () -> lastError.set(null));
    }

    /** A reconciliation that could not run: health shows why, without data or a message nobody wrote to be shown. */
    void runFailed(RuntimeException e) {
        runs.incrementAndGet();
        runsFailed.incrementAndGet();
        lastError.set(DatasurfaceException.describeWithoutData(e));
    }

    /** Views that ended with this action, over all reconciliations. */
    public long views(ViewAction action) {
        return views.get(action).get();
    }

    public long runs() {
        return runs.get();
    }

    /** Reconciliations that could not run at all (e.g. the merge store was unreachable). */
    public long runsFailed() {
        return runsFailed.get();
    }

    /** The last failure, or null when the last reconciliation succeeded. */
    public String lastError() {
        return lastError.get();
    }
}

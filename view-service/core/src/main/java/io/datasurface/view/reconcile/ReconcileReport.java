package io.datasurface.view.reconcile;

import io.datasurface.model.event.ViewFailure;
import io.datasurface.model.event.ViewsReconciled;
import java.time.Instant;
import java.util.List;

/** The outcome of one reconciliation of a platform's views, view by view, in the order they were handled. */
public record ReconcileReport(String platform, String viewSchema, List<ViewOutcome> outcomes) {
    public ReconcileReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(ViewAction action) {
        return outcomes.stream().filter(o -> o.action() == action).count();
    }

    public boolean succeeded() {
        return count(ViewAction.FAILED) == 0;
    }

    public List<String> views(ViewAction action) {
        return outcomes.stream().filter(o -> o.action() == action).map(ViewOutcome::view).toList();
    }

    /** The event the view-service publishes for this reconciliation. */
    public ViewsReconciled toEvent(Instant at) {
        return new ViewsReconciled(platform, views(ViewAction.CREATED), views(ViewAction.UPDATED),
                views(ViewAction.DROPPED), (int) count(ViewAction.UNCHANGED),
                outcomes.stream().filter(o -> o.action() == ViewAction.FAILED)
                        .map(o -> new ViewFailure(o.view(), o.reason())).toList(), at);
    }
}

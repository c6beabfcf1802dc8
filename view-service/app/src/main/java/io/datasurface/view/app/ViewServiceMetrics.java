package io.datasurface.view.app;

import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.service.ViewCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/** Prometheus metrics: views by outcome, reconciliations, reconciliations that could not run, platforms waiting. */
@ApplicationScoped
class ViewServiceMetrics {
    void register(@Observes StartupEvent startup, MeterRegistry registry, ViewEventLoop loop) {
        ViewCounters counters = loop.loop().counters();
        for (ViewAction action : ViewAction.values()) {
            FunctionCounter.builder("datasurface.views", counters, c -> c.views(action))
                    .description("Views handled by the reconciler, by what it did")
                    .tag("action", action.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("datasurface.views.reconciliations", counters, ViewCounters::runs)
                .description("Reconciliations run").register(registry);
        FunctionCounter.builder("datasurface.views.reconciliations.failed", counters, ViewCounters::runsFailed)
                .description("Reconciliations that could not run, e.g. merge store unreachable").register(registry);
        FunctionCounter.builder("datasurface.views.dead.letters", loop, l -> l.loop().deadLetters())
                .description("Records put on datasurface.dead-letters: not events the view-service can use")
                .register(registry);
        Gauge.builder("datasurface.views.platforms.waiting", loop, l -> l.loop().platformsWaiting())
                .description("Platforms with views waiting for a retry").register(registry);
    }
}

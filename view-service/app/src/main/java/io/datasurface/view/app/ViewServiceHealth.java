package io.datasurface.view.app;

import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.service.ViewLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Live while the event loop runs; ready once it has read the graphs. Failed views show, but do not fail health. */
final class ViewServiceHealth {
    private ViewServiceHealth() {
    }

    @Liveness
    @ApplicationScoped
    static class Alive implements HealthCheck {
        private final ViewEventLoop loop;

        Alive(ViewEventLoop loop) {
            this.loop = loop;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("view-events").status(loop.loop().alive())
                    .withData("restarts", loop.loop().restarts()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        private final ViewEventLoop loop;

        Ready(ViewEventLoop loop) {
            this.loop = loop;
        }

        @Override
        public HealthCheckResponse call() {
            ViewLoop l = loop.loop();
            var counters = l.counters();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("views")
                    .status(l.alive() && l.caughtUp())
                    .withData("graphsRead", l.caughtUp())
                    .withData("platformsWaiting", l.platformsWaiting())
                    .withData("viewsFailed", counters.views(ViewAction.FAILED));
            if (counters.lastError() != null) {
                b.withData("lastError", counters.lastError());
            }
            return b.build();
        }
    }
}

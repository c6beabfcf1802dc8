package io.datasurface.view.app;

import io.datasurface.view.reconcile.ViewAction;
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
            return HealthCheckResponse.named("view-events").status(loop.alive()).build();
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
            var counters = loop.work().counters();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("views")
                    .status(loop.alive() && loop.caughtUp())
                    .withData("graphsRead", loop.caughtUp())
                    .withData("platformsWaiting", loop.platformsWaiting())
                    .withData("viewsFailed", counters.views(ViewAction.FAILED));
            if (counters.lastError() != null) {
                b.withData("lastError", counters.lastError());
            }
            return b.build();
        }
    }
}

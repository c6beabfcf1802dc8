package io.datasurface.merge.app;

import io.datasurface.merge.service.MergeLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Live while the event loop runs; ready once it has read the graphs. A failing record shows, but does not fail health. */
final class MergeServiceHealth {
    private MergeServiceHealth() {
    }

    @Liveness
    @ApplicationScoped
    static class Alive implements HealthCheck {
        private final MergeEventLoop loop;

        Alive(MergeEventLoop loop) {
            this.loop = loop;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("merge-events").status(loop.loop().alive())
                    .withData("restarts", loop.loop().restarts()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        private final MergeEventLoop loop;

        Ready(MergeEventLoop loop) {
            this.loop = loop;
        }

        @Override
        public HealthCheckResponse call() {
            MergeLoop l = loop.loop();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("merges").status(l.alive() && l.graphsRead())
                    .withData("graphsRead", l.graphsRead())
                    .withData("batchesCommitted", l.batchesCommitted())
                    .withData("recordsFailed", l.recordsFailed());
            if (l.lastError() != null) {
                b.withData("lastError", l.lastError());
            }
            return b.build();
        }
    }
}

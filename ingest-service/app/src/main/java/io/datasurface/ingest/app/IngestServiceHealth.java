package io.datasurface.ingest.app;

import io.datasurface.ingest.schedule.StreamScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Live while the control loop runs; ready once the graphs are read. Parked streams show, but do not fail health. */
final class IngestServiceHealth {
    private IngestServiceHealth() {
    }

    @Liveness
    @ApplicationScoped
    static class Alive implements HealthCheck {
        private final IngestEngine engine;

        Alive(IngestEngine engine) {
            this.engine = engine;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("ingest-control").status(engine.alive())
                    .withData("restarts", engine.restarts()).build();
        }
    }

    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {
        private final IngestEngine engine;

        Ready(IngestEngine engine) {
            this.engine = engine;
        }

        @Override
        public HealthCheckResponse call() {
            var streams = engine.scheduler().streams();
            return HealthCheckResponse.named("streams").status(engine.alive() && engine.ready())
                    .withData("streams", streams.size())
                    .withData("runHere", streams.stream().filter(StreamScheduler.StreamView::assigned).count())
                    .withData("parked", streams.stream().filter(s -> s.state() == StreamScheduler.State.PARKED).count())
                    .withData("batchesSealed", engine.batchesSealed()).build();
        }
    }
}

package io.datasurface.ingest.app;

import io.datasurface.ingest.schedule.StreamScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/** Prometheus metrics: batches sealed, rows sent, streams by state. */
@ApplicationScoped
class IngestServiceMetrics {
    void register(@Observes StartupEvent startup, MeterRegistry registry, IngestEngine engine) {
        FunctionCounter.builder("datasurface.ingest.batches", engine, IngestEngine::batchesSealed)
                .description("Batches read through and sealed").register(registry);
        FunctionCounter.builder("datasurface.ingest.rows", engine, IngestEngine::rowsSent)
                .description("Rows sent in committed chunks").register(registry);
        FunctionCounter.builder("datasurface.ingest.dead.letters", engine, IngestEngine::deadLetters)
                .description("Records put on datasurface.dead-letters: not events the ingest-service can use")
                .register(registry);
        for (StreamScheduler.State state : StreamScheduler.State.values()) {
            Gauge.builder("datasurface.ingest.streams", engine, e -> e.scheduler().streams().stream()
                            .filter(s -> s.assigned() && s.state() == state).count())
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Streams this instance runs, by state").register(registry);
        }
    }
}

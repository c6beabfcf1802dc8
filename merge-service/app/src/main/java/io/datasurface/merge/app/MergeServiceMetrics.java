package io.datasurface.merge.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Prometheus metrics: batches committed, records applied, records that failed (and are being retried), dead
 * letters, parked streams.
 */
@ApplicationScoped
class MergeServiceMetrics {
    void register(@Observes StartupEvent startup, MeterRegistry registry, MergeEventLoop loop) {
        FunctionCounter.builder("datasurface.merge.batches", loop, l -> l.loop().batchesCommitted())
                .description("Batches merged and committed").register(registry);
        FunctionCounter.builder("datasurface.merge.records", loop, l -> l.loop().recordsApplied())
                .description("Records of datasurface.ingest applied").register(registry);
        FunctionCounter.builder("datasurface.merge.records.failed", loop, l -> l.loop().recordsFailed())
                .description("Attempts to apply a record that failed (it is tried again)").register(registry);
        FunctionCounter.builder("datasurface.merge.dead.letters", loop, l -> l.loop().deadLetters())
                .description("Records put on datasurface.dead-letters: not events, or never applicable")
                .register(registry);
        Gauge.builder("datasurface.merge.streams.parked", loop, l -> l.loop().parkedStreams().size())
                .description("Streams parked after a record of theirs could not be applied").register(registry);
    }
}

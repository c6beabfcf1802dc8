package io.datasurface.modelservice.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Says how the stream-status table is doing; always up: without Kafka the service still deploys models. */
@Readiness
@ApplicationScoped
class StreamStatusHealth implements HealthCheck {
    private final StreamStatusService service;

    StreamStatusHealth(StreamStatusService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        String state = service.table() == null ? "not started" : service.table().state();
        return HealthCheckResponse.named("stream-status").up().withData("kafkaStreams", state).build();
    }
}

package io.datasurface.modelservice.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the models folder is usable; says which model version is current. The database has its own check. */
@Readiness
@ApplicationScoped
class ModelServiceHealth implements HealthCheck {
    private final ModelService service;

    ModelServiceHealth(ModelService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ok = service.folders() != null && java.nio.file.Files.isWritable(service.folders().root());
        return HealthCheckResponse.named("models").status(ok)
                .withData("current", ok ? service.folders().current().map(p -> p.getFileName().toString()).orElse("none")
                        : "unknown")
                .withData("deploymentsWaiting", service.queue() == null ? 0 : service.queue().waiting()).build();
    }
}

package io.datasurface.view.app;

import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.fault.Backoff;
import io.datasurface.view.service.ViewLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Runs the view-service's {@link ViewLoop} from the service's start to its shutdown. */
@ApplicationScoped
class ViewEventLoop {
    private final ViewLoop loop;

    ViewEventLoop(ViewServiceConfig config, KafkaConfig kafka, MergeStoreReconcile reconcile) {
        this.loop = new ViewLoop(KafkaSettings.of(kafka), Set.copyOf(config.platforms().orElse(List.of())), reconcile,
                new Backoff(config.retryInitial(), config.retryMax()), Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    ViewLoop loop() {
        return loop;
    }
}

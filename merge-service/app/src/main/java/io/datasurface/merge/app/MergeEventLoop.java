package io.datasurface.merge.app;

import io.agroal.api.AgroalDataSource;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.merge.service.MergeSettings;
import io.datasurface.model.fault.Backoff;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/** Runs the merge-service's {@link MergeLoop} from the service's start to its shutdown. */
@ApplicationScoped
class MergeEventLoop {
    private final MergeLoop loop;

    MergeEventLoop(MergeServiceConfig config, KafkaConfig kafka, AgroalDataSource dataSource) {
        this.loop = new MergeLoop(KafkaSettings.of(kafka), new MergeSettings(config.consumerGroup(),
                config.sessionTimeout(), config.instance(), new Backoff(config.retryInitial(), config.retryMax()),
                config.threads()),
                dataSource, Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    MergeLoop loop() {
        return loop;
    }
}

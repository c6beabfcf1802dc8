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
    private final MergeServiceConfig config;
    private final KafkaConfig kafka;
    private final AgroalDataSource dataSource;
    private volatile MergeLoop loop;

    MergeEventLoop(MergeServiceConfig config, KafkaConfig kafka, AgroalDataSource dataSource) {
        this.config = config;
        this.kafka = kafka;
        this.dataSource = dataSource;
    }

    void start(@Observes StartupEvent startup) {
        loop = new MergeLoop(KafkaSettings.of(kafka), new MergeSettings(config.consumerGroup(), config.sessionTimeout(),
                config.instance(), new Backoff(config.retryInitial(), config.retryMax())), dataSource, Clock.systemUTC());
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    /** The loop; callers hold the bean's client proxy, whose own fields are empty, so they ask through this. */
    MergeLoop loop() {
        return loop;
    }
}

package io.datasurface.ingest.app;

import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.ingest.service.IngestLoop;
import io.datasurface.ingest.service.IngestSettings;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.ingest.source.Databases;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs the ingest-service's {@link IngestLoop} from the service's start to its shutdown. */
@ApplicationScoped
class IngestEngine {
    private final IngestLoop loop;

    IngestEngine(IngestServiceConfig config, KafkaConfig kafka) {
        CredentialStore credentials = CredentialStore.parse(config.credentialStore());
        this.loop = new IngestLoop(KafkaSettings.of(kafka), new IngestSettings(config.instance(), config.maxRunning(),
                config.maxPerSource(), config.maxChunks(), config.chunkRows(),
                Set.copyOf(config.platforms().orElse(List.of())), config.group(), config.sessionTimeout(),
                config.producersPerPartition()), credentials, mergeStore(config, credentials), Clock.systemUTC());
    }

    /** The merge store with its login, when configured. */
    private static Optional<DatabaseUrl> mergeStore(IngestServiceConfig config, CredentialStore credentials) {
        return config.mergeStore().map(url -> config.mergeStoreCredential()
                .map(name -> Databases.withCredential(DatabaseUrl.parse(url), name, credentials))
                .orElseGet(() -> DatabaseUrl.parse(url)));
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    boolean restart(String stream) {
        return loop.restart(stream);
    }

    /** The partitions of datasurface.ingest-assignments whose streams this instance runs. */
    Set<Integer> partitionsHere() {
        return loop.partitionsHere();
    }

    StreamScheduler scheduler() {
        return loop.scheduler();
    }

    /** The stream's state as its last committed step left it. */
    Optional<IngestState> state(String stream) {
        return loop.state(stream);
    }

    boolean alive() {
        return loop.alive();
    }

    long restarts() {
        return loop.restarts();
    }

    boolean ready() {
        return loop.ready();
    }

    long batchesSealed() {
        return loop.batchesSealed();
    }

    long deadLetters() {
        return loop.deadLetters();
    }

    long rowsSent() {
        return loop.rowsSent();
    }
}

package io.datasurface.ingest.service;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.LoopThread;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.merge.service.MergeSettings;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.fault.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An ingest-service or a merge-service instance in a process of its own, so that a test can kill it as a crash
 * does: SIGKILL, nothing closed, no group left, transactions left open.
 *
 * <p>{@code ingest BOOTSTRAP INSTANCE GROUP PLATFORM CREDENTIAL_STORE} or
 * {@code merge BOOTSTRAP INSTANCE GROUP JDBC_URL USER PASSWORD}. Prints {@code started} and runs until killed.
 */
public final class ServiceChild {
    private ServiceChild() {
    }

    public static void main(String[] args) throws Exception {
        KafkaSettings kafka = KafkaSettings.of(args[1]);
        LoopThread loop = switch (args[0]) {
            case "ingest" -> new IngestLoop(kafka, SharedStreamsIT.ingestSettings(args[2], args[3], args[4]),
                    CredentialStore.parse(args[5]), Clock.systemUTC());
            case "merge" -> mergeLoop(kafka, args[2], args[3], args[4], args[5], args[6]);
            default -> throw new IllegalArgumentException(args[0]);
        };
        loop.start();
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join();
    }

    static MergeLoop mergeLoop(KafkaSettings kafka, String instance, String group, String url, String user,
                               String password) {
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(url);
        store.setUser(user);
        store.setPassword(password);
        return new MergeLoop(kafka, new MergeSettings(group, SharedStreamsIT.SESSION, Optional.of(instance),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2))), store, Clock.systemUTC());
    }
}

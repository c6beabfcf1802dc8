package io.datasurface.merge.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.KafkaExtension;
import io.datasurface.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A merge-service killed with SIGKILL leaves its member in the consumer group; started again, it gets the
 * partitions only once that member's session timed out. With Kafka's default (45 s) a merge-service killed
 * every 20 s or so never merged anything (ServiceCrashIT: 88 s without a merge), and one killed late had not
 * caught up when the run ended. The merge-service's session timeout is 10 s, and a named instance (a static
 * member) takes its partitions back at once.
 */
@ExtendWith(KafkaExtension.class)
class MergeConsumerRestartIT {
    static final Duration SESSION = Duration.ofSeconds(10);

    @Test
    void aKilledServiceStartedAgainMergesWithinTheSessionTimeout(EmbeddedKafka kafka) throws Exception {
        Duration took = killAndRestart(kafka, SESSION, Optional.empty());
        assertThat(took).as("partitions back after").isLessThan(SESSION.plusSeconds(8));
    }

    @Test
    void aNamedInstanceStartedAgainTakesItsPartitionsBackAtOnce(EmbeddedKafka kafka) throws Exception {
        Duration took = killAndRestart(kafka, SESSION, Optional.of("restart-" + UUID.randomUUID()));
        assertThat(took).as("partitions back after").isLessThan(Duration.ofSeconds(5));
    }

    /** Starts a consumer process, kill -9s it once it holds both partitions, then times a new one getting them. */
    private static Duration killAndRestart(EmbeddedKafka kafka, Duration session, Optional<String> instance)
            throws Exception {
        String topic = "merge-restart-" + UUID.randomUUID();
        String group = "merge-restart-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConsumerChild.class.getName(), kafka.bootstrapServers(),
                topic, group, Long.toString(session.toMillis()), instance.orElse("-"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CompletableFuture<Boolean> assigned = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.equals("assigned 2")) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(assigned.get(60, TimeUnit.SECONDS)).as("the first consumer got both partitions").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: the member does not leave the group
            child.waitFor(10, TimeUnit.SECONDS);
        }
        Instant start = Instant.now();
        try (KafkaConsumer<String, String> again = new KafkaConsumer<>(ConsumerChild.settings(group, session, instance)
                .groupConsumer(KafkaSettings.of(kafka.bootstrapServers()), "merge-restart-it"))) {
            again.subscribe(List.of(topic));
            Instant deadline = start.plusSeconds(90);
            while (again.assignment().size() < 2 && Instant.now().isBefore(deadline)) {
                again.poll(Duration.ofMillis(100));
            }
            assertThat(again.assignment()).as("the new consumer's partitions").hasSize(2);
        }
        Duration took = Duration.between(start, Instant.now());
        System.out.printf("session timeout %s, instance %s: partitions back after %s%n", session, instance.isPresent(),
                took);
        return took;
    }
}

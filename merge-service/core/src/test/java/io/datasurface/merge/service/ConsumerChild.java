package io.datasurface.merge.service;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.fault.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A merge-service consumer in a process of its own, for {@link MergeConsumerRestartIT} to kill -9: joins the
 * group with the merge-service's settings, says "assigned N" once it holds N partitions, and polls on.
 * Arguments: bootstrap servers, topic, group, session timeout (ms), instance name or "-".
 */
final class ConsumerChild {
    private ConsumerChild() {
    }

    /** The merge-service's settings of the group membership. */
    static MergeSettings settings(String group, Duration session, Optional<String> instance) {
        return new MergeSettings(group, session, instance, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    public static void main(String[] args) {
        Optional<String> instance = args[4].equals("-") ? Optional.empty() : Optional.of(args[4]);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings(args[2], Duration.ofMillis(Long.parseLong(args[3])),
                instance).groupConsumer(KafkaSettings.of(args[0]), "consumer-child"))) {
            c.subscribe(List.of(args[1]));
            int said = 0;
            while (true) {
                c.poll(Duration.ofMillis(200));
                if (c.assignment().size() != said) {
                    said = c.assignment().size();
                    System.out.println("assigned " + said);
                    System.out.flush();
                }
            }
        }
    }
}

package io.datasurface.deploy.kubernetes;

import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The production overlay's Strimzi {@code KafkaTopic} resources, written from {@link KafkaTopics}: the same
 * partitions and settings the services make topics with, so the manifests and the code cannot drift.
 * {@code TopicManifestsTest} fails when the committed file differs; run this class (or that test with
 * {@code -Ddatasurface.topics.write=true}) to write it again.
 */
public final class TopicManifests {
    /** Where the file lives, from this module's folder (deploy/kubernetes). */
    public static final Path FILE = Path.of("overlays/production/topics.yaml");
    /** The Strimzi {@code Kafka} resource the topics belong to (overlays/production/kafka.yaml). */
    public static final String CLUSTER = "datasurface-kafka";

    private static final String HEADER = """
            # Written from KafkaTopics (kafka module) by io.datasurface.deploy.kubernetes.TopicManifests: do not
            # edit. After a change to KafkaTopics, write it again (from the repository's root):
            #   ./mvnw -B -o -pl deploy/kubernetes -am test -Dtest=TopicManifestsTest \\
            #     -Dsurefire.failIfNoSpecifiedTests=false -Ddatasurface.topics.write=true
            # Replicas are the brokers' default.replication.factor (kafka.yaml).
            """;

    private TopicManifests() {
    }

    /** The YAML of one {@code KafkaTopic} per topic, in the order of {@code topics}. */
    public static String render(List<TopicSpec> topics) {
        StringBuilder y = new StringBuilder().append(HEADER);
        for (int i = 0; i < topics.size(); i++) {
            TopicSpec t = topics.get(i);
            if (i > 0) {
                y.append("---\n");
            }
            y.append("apiVersion: kafka.strimzi.io/v1\n")
                    .append("kind: KafkaTopic\n")
                    .append("metadata:\n")
                    .append("  name: ").append(t.name()).append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ").append(CLUSTER).append('\n')
                    .append("spec:\n")
                    .append("  topicName: ").append(t.name()).append('\n')
                    .append("  partitions: ").append(t.partitions()).append('\n')
                    .append("  config:\n");
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                y.append("    ").append(c.getKey()).append(": ").append(scalar(c.getValue())).append('\n');
            }
        }
        return y.toString();
    }

    /** Numbers as YAML numbers, words as they are (topic settings hold nothing that needs quoting). */
    private static String scalar(String value) {
        if (!value.matches("-?[0-9]+|[a-z][a-z,]*")) {
            throw new IllegalArgumentException("a topic setting this writer does not quote: " + value);
        }
        return value;
    }

    /** Writes {@link #FILE} (run in deploy/kubernetes), or the file given, from {@link KafkaTopics#ALL}. */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : FILE;
        Files.writeString(file, render(KafkaTopics.ALL));
        System.out.println("wrote " + file.toAbsolutePath());
    }
}

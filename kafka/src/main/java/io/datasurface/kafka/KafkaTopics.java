package io.datasurface.kafka;

import io.datasurface.model.event.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every topic of the system and how it must be made: the one source of truth for the services' own topic
 * creation ({@link TopicAdmin}) and for anything else that makes topics (the local stack, manifests).
 *
 * <ul>
 *   <li>{@code datasurface.graph}: kept for ever — every service builds each platform's graph from all its diffs,
 *   from the first one.</li>
 *   <li>{@code datasurface.ingest-state}, {@code datasurface.stream-status}: compacted — the newest record of each
 *   stream is its state.</li>
 *   <li>{@code datasurface.ingest-assignments}: holds nothing; its partitions are how the ingest-service instances
 *   share the streams (a consumer group), so its partition count bounds how far the ingest-service scales out.
 *   Change it only with every ingest-service stopped: each stream's partition is its hash modulo the count.</li>
 *   <li>{@code datasurface.ingest}: seven days, so a batch can still be merged after a long outage of the
 *   merge-service; its partitions are how far the merge-service scales out.</li>
 *   <li>the others: events to look back on, kept a week ({@code datasurface.triggers}: a day;
 *   {@code datasurface.models} and {@code datasurface.dead-letters}: thirty days).</li>
 * </ul>
 * Every topic takes records up to {@link KafkaSettings#MAX_RECORD_BYTES}.
 */
public final class KafkaTopics {
    /** Partitions of {@code datasurface.ingest} unless configured otherwise. */
    public static final int INGEST_PARTITIONS = 4;
    /**
     * Partitions of {@code datasurface.ingest-assignments} unless configured otherwise: how many ingest-service
     * instances can share the streams (each instance at least one partition).
     */
    public static final int ASSIGNMENT_PARTITIONS = 12;

    public static final List<TopicSpec> ALL = List.of(
            TopicSpec.deleting(Topics.MODELS, 1, Duration.ofDays(30)),
            TopicSpec.forever(Topics.GRAPH, 1),
            TopicSpec.deleting(Topics.TRIGGERS, 1, Duration.ofDays(1)),
            TopicSpec.deleting(Topics.INGEST, INGEST_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.compacted(Topics.INGEST_STATE, 1),
            TopicSpec.deleting(Topics.INGEST_ASSIGNMENTS, ASSIGNMENT_PARTITIONS, Duration.ofDays(1)),
            TopicSpec.compacted(Topics.STREAM_STATUS, 1),
            TopicSpec.deleting(Topics.BATCHES, 1, Duration.ofDays(7)),
            TopicSpec.deleting(Topics.VIEWS, 1, Duration.ofDays(7)),
            TopicSpec.deleting(Topics.DEAD_LETTERS, 1, Duration.ofDays(30)));

    /** The names of every topic, for a service that makes or checks them all. */
    public static final List<String> NAMES = ALL.stream().map(TopicSpec::name).toList();

    private KafkaTopics() {
    }

    /** The spec of a topic of the system. */
    public static Optional<TopicSpec> of(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The specs of these topics, with partition counts configured for some of them. */
    public static List<TopicSpec> of(List<String> names, Map<String, Integer> partitions) {
        return names.stream().map(n -> of(n).orElseThrow(() -> new IllegalArgumentException("no topic " + n)))
                .map(t -> partitions.containsKey(t.name()) ? t.withPartitions(partitions.get(t.name())) : t).toList();
    }
}

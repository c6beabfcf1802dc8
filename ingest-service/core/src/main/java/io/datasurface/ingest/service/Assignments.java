package io.datasurface.ingest.service;

import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Which streams this instance runs: the partitions of {@code datasurface.ingest-assignments} the consumer group
 * assigns it (each stream belongs to one, {@link StreamPartitions}). The group is Kafka's classic protocol with
 * the cooperative sticky assignor — a rebalance takes from an instance only the partitions that move — a short
 * session, and static membership (the instance's name), so a restarted instance is given its partitions back
 * at once and a dead one loses them after the session timeout.
 *
 * <p>A partition assigned is <em>pending</em> until the loop has {@link #activate taken it over} (fenced its
 * producers, read its streams' states); only then do its streams run here ({@link #runsHere}). A partition
 * revoked or lost is handed to {@code release} from inside {@link #poll()}, before the group goes on, so its
 * streams stop here before another instance starts them. The consumer belongs to the loop's thread.
 */
final class Assignments implements ConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(Assignments.class);

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<Set<Integer>> release;
    /** Assigned partitions not taken over yet, with the moment from which to try. */
    private final Map<Integer, Instant> pending = new TreeMap<>();
    private volatile Set<Integer> active = Set.of();
    private volatile int partitions;
    private volatile boolean joined;

    /** @param release stops the streams of these partitions here; returns when none of their steps runs */
    Assignments(KafkaSettings kafka, IngestSettings settings, String clientId, Consumer<Set<Integer>> release) {
        this.consumer = new KafkaConsumer<>(groupConsumer(kafka, settings, clientId));
        this.release = release;
    }

    static java.util.Properties groupConsumer(KafkaSettings kafka, IngestSettings settings, String clientId) {
        java.util.Properties p = kafka.consumer(clientId + "-assignments");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "datasurface-ingest-" + settings.instance().strip());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(settings.sessionTimeout().toMillis()));
        // well under the session timeout, so that a live member never times out between heartbeats
        long heartbeat = Math.max(100, Math.min(3_000, settings.sessionTimeout().toMillis() / 3));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeat));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return p;
    }

    /**
     * Joins the group (again, after the loop failed: what is assigned now is taken over again). Once the topic
     * exists.
     */
    void join() {
        List<TopicPartition> parts = GraphFollower.partitions(consumer, Topics.INGEST_ASSIGNMENTS);
        if (parts.isEmpty()) {
            throw new DatasurfaceException("topic " + Topics.INGEST_ASSIGNMENTS + " has no partitions yet", true);
        }
        partitions = parts.size();
        pending.clear();
        consumer.assignment().forEach(tp -> pending.put(tp.partition(), Instant.MIN));
        consumer.subscribe(List.of(Topics.INGEST_ASSIGNMENTS), this);
    }

    /** Takes part in the group without waiting: rebalances run their callbacks here. */
    void poll() {
        consumer.poll(Duration.ZERO);
    }

    void wakeup() {
        consumer.wakeup();
    }

    /** The partitions assigned, not taken over yet, whose time to try has come. */
    Set<Integer> due(Instant now) {
        return pending.entrySet().stream().filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** These partitions' streams run here from now on. */
    void activate(Set<Integer> taken) {
        taken.forEach(pending::remove);
        Set<Integer> now = new TreeSet<>(active);
        now.addAll(taken);
        active = Set.copyOf(now);
    }

    /** These partitions' streams stop here; they are taken over again from {@code retryAt} while still assigned. */
    void deactivate(Set<Integer> given, Instant retryAt) {
        Set<Integer> now = new TreeSet<>(active);
        now.removeAll(given);
        active = Set.copyOf(now);
        if (retryAt != null) {
            Set<Integer> assigned = consumer.assignment().stream().map(TopicPartition::partition)
                    .collect(Collectors.toSet());
            given.stream().filter(assigned::contains).forEach(p -> pending.put(p, retryAt));
        }
    }

    /** Whether the group has given this instance its partitions (none, perhaps) and it has taken them over. */
    boolean settled() {
        return joined && pending.isEmpty();
    }

    /** The partitions whose streams run here. */
    Set<Integer> active() {
        return active;
    }

    /** The partition of the assignment topic a stream belongs to. */
    int partitionOf(String stream) {
        int count = partitions;
        return count == 0 ? 0 : StreamPartitions.of(stream, count);
    }

    /** Whether the stream's partition is taken over by this instance. */
    boolean runsHere(String stream) {
        return partitions > 0 && active.contains(partitionOf(stream));
    }


    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        int count = GraphFollower.partitions(consumer, Topics.INGEST_ASSIGNMENTS).size();
        if (count != 0 && count != partitions) {
            throw new DatasurfaceException(Topics.INGEST_ASSIGNMENTS + " has " + count + " partitions, not "
                    + partitions + " as when this instance started: stop every ingest-service instance and start"
                    + " them again, so that they all place the streams the same way", false);
        }
        assigned.forEach(tp -> pending.put(tp.partition(), Instant.MIN));
        joined = true;
        if (!assigned.isEmpty()) {
            LOG.infof("assigned partitions %s of %s", numbers(assigned), Topics.INGEST_ASSIGNMENTS);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        stop(revoked, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        stop(lost, "lost"); // this instance was out of the group: another may run them already
    }

    void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private void stop(Collection<TopicPartition> gone, String how) {
        Set<Integer> numbers = numbers(gone);
        numbers.forEach(pending::remove);
        Set<Integer> running = new TreeSet<>(numbers);
        running.retainAll(active);
        if (!running.isEmpty()) {
            release.accept(running);
        }
        if (!numbers.isEmpty()) {
            LOG.infof("partitions %s of %s %s", numbers, Topics.INGEST_ASSIGNMENTS, how);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> parts) {
        return parts.stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
    }
}

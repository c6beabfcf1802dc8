package io.datasurface.ingest.service;

import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
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
 * revoked or lost is handed to {@code release} from inside {@link #poll()}, before the group goes on: its streams
 * stop being started here at once, and their steps still running are left a few seconds to end; a step that runs
 * longer is fenced by the next owner's take-over and what it commits after its partition left is never taken
 * for the stream's state here (see {@link Takeovers}). A partition whose take-over fails stays pending and is tried
 * again after a growing pause. The consumer belongs to the loop's thread.
 */
final class Assignments implements ConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(Assignments.class);

    private final KafkaConsumer<String, String> consumer;
    private final Consumer<Set<Integer>> release;
    /**
     * How long the group waits for this member's control thread to poll again before it drops it from a rebalance:
     * the longest the control thread spends between polls is a take-over pass (a broker that stalls
     * {@code initTransactions} holds it up to the producer's {@code max.block.ms}, 60 s) or a give-up (at most
     * {@code IngestLoop.RELEASE_WAIT}). A rebalance waits at worst this long for a live member; a dead one is out
     * after the session timeout.
     */
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(90);

    private final Takeovers takeovers = new Takeovers();
    private volatile int partitions;
    private volatile boolean joined;

    /**
     * @param release stops the streams of these partitions here (active or pending: their producers go too); quick,
     *                it runs inside the group's rebalance
     */
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
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(MAX_POLL_INTERVAL.toMillis()));
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
        takeovers.clearPending();
        takeovers.assigned(numbers(consumer.assignment()));
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
        return takeovers.due(now);
    }

    /** Taking these over failed: they are tried again after a growing pause (1 s, doubling, up to 30 s). */
    void failed(Set<Integer> partitions, Instant now) {
        takeovers.failed(partitions, now);
    }

    /** These partitions' streams run here from now on. */
    void activate(Set<Integer> taken) {
        takeovers.activate(taken);
    }

    /** These partitions' streams stop here; they are taken over again from {@code retryAt} while still assigned. */
    void deactivate(Set<Integer> given, Instant retryAt) {
        takeovers.deactivate(given, retryAt, retryAt == null ? Set.of() : numbers(consumer.assignment()));
    }

    /** Whether the group has given this instance its partitions (none, perhaps) and it has taken them over. */
    boolean settled() {
        return joined && takeovers.nonePending();
    }

    /** The partitions whose streams run here. */
    Set<Integer> active() {
        return takeovers.active();
    }

    /** The partition's epoch: it changes whenever the partition starts or stops running here. */
    long epoch(int partition) {
        return takeovers.epoch(partition);
    }

    /** Whether the partition still runs here in the stay in which {@code epoch} was read. */
    boolean current(int partition, long epoch) {
        return takeovers.current(partition, epoch);
    }

    /** The partition of the assignment topic a stream belongs to. */
    int partitionOf(String stream) {
        int count = partitions;
        return count == 0 ? 0 : StreamPartitions.of(stream, count);
    }

    /** Whether the stream's partition is taken over by this instance. */
    boolean runsHere(String stream) {
        return partitions > 0 && takeovers.active().contains(partitionOf(stream));
    }


    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        int count = GraphFollower.partitions(consumer, Topics.INGEST_ASSIGNMENTS).size();
        if (count != 0 && count != partitions) {
            throw new DatasurfaceException(Topics.INGEST_ASSIGNMENTS + " has " + count + " partitions, not "
                    + partitions + " as when this instance started: stop every ingest-service instance and start"
                    + " them again, so that they all place the streams the same way", false);
        }
        takeovers.assigned(numbers(assigned));
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
        takeovers.gone(numbers);
        if (!numbers.isEmpty()) {
            release.accept(numbers); // pending ones too: a take-over may have opened their producers
            LOG.infof("partitions %s of %s %s", numbers, Topics.INGEST_ASSIGNMENTS, how);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> parts) {
        return parts.stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
    }
}

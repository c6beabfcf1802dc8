package io.datasurface.kafka;

import io.datasurface.model.event.Event;
import io.datasurface.model.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Follows {@code datasurface.graph} the way every service does: waits until the topics exist, reads the graph
 * topic from its start — {@link #caughtUp()} once it has read up to where the topic ended when reading began,
 * so every graph deployed before the service started is known — and then goes on following it. Other topics
 * are read alongside on the same consumer, from their start or from their end as of {@link #assign()} (so
 * nothing published after that is missed). Each record is handed on as the {@link Event} it holds. The
 * consumer is assigned its partitions (no group) and belongs to the caller's thread.
 */
public final class GraphFollower {
    private static final Logger LOG = Logger.getLogger(GraphFollower.class);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    /** Where reading a topic starts. */
    public enum From { BEGINNING, END }

    /** What the follower hands on. */
    public interface Handler {
        /** A record and the event it holds, in the order of its partition. */
        void event(ConsumerRecord<String, String> record, Event event);

        /**
         * A record that holds no event a service can act on ({@link EventRecords#decode}); {@code reason} says why.
         * Skipped unless handled.
         */
        default void unreadable(ConsumerRecord<String, String> record, String reason) {
            LOG.warnf("skipping a record at %s-%d offset %d: %s", record.topic(), record.partition(),
                    record.offset(), reason);
        }

        /** Hands events to {@code onEvent} and puts every record that holds none on the dead-letter topic. */
        static Handler deadLettering(BiConsumer<ConsumerRecord<String, String>, Event> onEvent, DeadLetters dead) {
            return new Handler() {
                @Override
                public void event(ConsumerRecord<String, String> record, Event event) {
                    onEvent.accept(record, event);
                }

                @Override
                public void unreadable(ConsumerRecord<String, String> record, String reason) {
                    dead.send(record, null, reason);
                }
            };
        }
    }

    private final Consumer<String, String> consumer;
    private final Map<String, From> topics = new LinkedHashMap<>();
    private final Set<String> awaited;
    private Map<TopicPartition, Long> graphEnd;
    private boolean caughtUp;

    /**
     * @param consumer  a consumer without a group, for this follower alone
     * @param alsoRead  other topics to read on the same consumer, and from where
     * @param alsoAwait topics that must exist before reading starts, though this consumer does not read them
     */
    public GraphFollower(Consumer<String, String> consumer, Map<String, From> alsoRead, Set<String> alsoAwait) {
        this.consumer = consumer;
        topics.put(Topics.GRAPH, From.BEGINNING);
        topics.putAll(alsoRead);
        this.awaited = Set.copyOf(alsoAwait);
    }

    /** Follows the graph topic only. */
    public GraphFollower(Consumer<String, String> consumer) {
        this(consumer, Map.of(), Set.of());
    }

    /**
     * Waits, asking again every second, until every topic exists.
     *
     * @return false when {@code stopped} was counted down first
     */
    public boolean awaitTopics(CountDownLatch stopped) throws InterruptedException {
        while (!allExist()) {
            LOG.debugf("waiting for topics %s and %s", topics.keySet(), awaited);
            if (stopped.await(1, TimeUnit.SECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Assigns every topic to the consumer: the graph from its start, the others as asked. Once the topics exist. */
    public void assign() {
        List<TopicPartition> all = new ArrayList<>();
        Map<From, List<TopicPartition>> byStart = new LinkedHashMap<>();
        for (var t : topics.entrySet()) {
            List<TopicPartition> parts = partitions(consumer, t.getKey());
            if (parts.isEmpty()) {
                throw new IllegalStateException("topic " + t.getKey() + " does not exist (call awaitTopics first)");
            }
            all.addAll(parts);
            byStart.computeIfAbsent(t.getValue(), k -> new ArrayList<>()).addAll(parts);
        }
        consumer.assign(all);
        // (an empty list would mean every assigned partition to seekToBeginning and seekToEnd)
        consumer.seekToBeginning(byStart.get(From.BEGINNING));
        List<TopicPartition> fromEnd = byStart.get(From.END);
        if (fromEnd != null) {
            consumer.seekToEnd(fromEnd);
            fromEnd.forEach(consumer::position); // fix the start now: what is published from here on is read
        }
        graphEnd = consumer.endOffsets(partitions(consumer, Topics.GRAPH));
        caughtUp = false;
    }

    /** Polls once, waiting up to {@code wait}, and hands each record on in order. */
    public void poll(Duration wait, Handler handler) {
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            EventRecords.Decoded d = EventRecords.decode(r);
            if (d.ok()) {
                handler.event(r, d.event());
            } else {
                handler.unreadable(r, d.problem());
            }
        }
    }

    /** Whether the graph topic is read up to where it ended when {@link #assign()} ran. */
    public boolean caughtUp() {
        if (!caughtUp && graphEnd != null) {
            caughtUp = graphEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        return caughtUp;
    }

    /** Polls until {@link #caughtUp()}, or until {@code stopped} is counted down. */
    public void catchUp(Duration wait, Handler handler, CountDownLatch stopped) {
        while (!caughtUp() && stopped.getCount() > 0) {
            poll(wait, handler);
        }
    }

    /**
     * Polls until the graph topic is read up to where it ends now (not only where it ended at start): for a
     * record that names a stream the graphs do not know yet, whose graph may be just behind.
     */
    public void readToEnd(Duration wait, Handler handler, CountDownLatch stopped) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions(consumer, Topics.GRAPH));
        while (stopped.getCount() > 0
                && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll(wait, handler);
        }
    }

    private boolean allExist() {
        for (String t : topics.keySet()) {
            if (partitions(consumer, t).isEmpty()) {
                return false;
            }
        }
        for (String t : awaited) {
            if (partitions(consumer, t).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The partitions of a topic; none while it does not exist, or while the brokers do not answer in time. */
    public static List<TopicPartition> partitions(Consumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, METADATA_WAIT);
        } catch (TimeoutException e) {
            LOG.debugf("no metadata of topic %s within %s: %s", topic, METADATA_WAIT, e.getMessage());
            return List.of();
        }
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}

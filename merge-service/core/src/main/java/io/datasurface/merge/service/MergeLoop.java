package io.datasurface.merge.service;

import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.EventRecords;
import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.LoopThread;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PlatformGraphs;
import io.datasurface.model.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The merge-service's consumer loop. It follows the graphs (where each stream's batches go), then consumes
 * {@code datasurface.ingest} in the consumer group, applying each record with {@link EventMerge}: the record's
 * effect and its offset commit together in the merge store, and on assignment a partition is read from the
 * offsets stored there ({@link StoredOffsets}), so every record is applied exactly once. Kafka's own committed
 * offsets are not used. Each committed batch is announced with BatchCommitted on {@code datasurface.batches}
 * (at least once).
 *
 * <p>Merges run in parallel: a platform stores its offsets per partition, so the records of one platform in one
 * partition (a lane) are applied in order, and lanes are independent. Each lane sticks to one of
 * {@code settings.threads()} workers, each with its own merge store connection; the records of a poll are applied
 * by the workers at once, and the loop polls again when all are done (so a seek never races an apply).
 *
 * <p>A record that fails in a way that may pass (the merge store unreachable) is tried again with backoff; the
 * records after it in its partition wait ({@link PartitionRetries}). A record that can never be applied (not an
 * event, malformed, rows that do not decode, a batch the merge store refuses) goes to the dead-letter topic;
 * its stream parks — its open batch fails, the merge-service publishes the reason as the stream's status,
 * and the stream's records are skipped until a batch comes that can take the failed one's place — while every
 * other stream goes on. Records of streams the graphs retired are skipped; records of streams no graph ever
 * named go to the dead-letter topic.
 */
public final class MergeLoop extends LoopThread {
    private static final Logger LOG = Logger.getLogger(MergeLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final String CLIENT_ID = "datasurface-merge-service";

    /** A first load left waiting this long for its next chunk commits its rows so far to staging. */
    private static final Duration SETTLE_IDLE = Duration.ofSeconds(30);

    private final MergeSettings settings;
    /** For the stored offsets at assignment; the workers have their own. */
    private final MergeStoreConnection store;
    private final List<Worker> workers = new ArrayList<>();
    private final Map<Lane, Worker> lanes = new HashMap<>();
    private final ExecutorService pool;
    private final PlatformGraphs graphs = new PlatformGraphs();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private final AtomicLong recordsApplied = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final KafkaConsumer<String, String> graphConsumer;
    private final KafkaConsumer<String, String> ingest;
    private final KafkaProducer<String, String> producer;
    private final GraphFollower follower;
    private final PartitionRetries retries;
    private final KafkaSettings kafka;
    private final Clock clock;
    private final DeadLetters deadLetters;
    private final GraphFollower.Handler graphHandler;
    /** Streams parked after a record of theirs could not be applied, with the reason. */
    private final Map<String, String> parked = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
    private volatile String lastError;
    private volatile boolean graphsRead;

    public MergeLoop(KafkaSettings kafka, MergeSettings settings, DataSource mergeStore, Clock clock) {
        super("merge-events");
        this.settings = settings;
        this.kafka = kafka;
        this.clock = clock;
        this.deadLetters = new DeadLetters(kafka, CLIENT_ID, clock);
        this.graphHandler = GraphFollower.Handler.deadLettering(this::onGraph, deadLetters);
        this.store = new MergeStoreConnection(mergeStore, settings.consumerGroup(), clock);
        for (int i = 0; i < settings.threads(); i++) {
            workers.add(new Worker(new MergeStoreConnection(mergeStore, settings.consumerGroup(), clock)));
        }
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "merge-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.graphConsumer = new KafkaConsumer<>(kafka.consumer(CLIENT_ID + "-graphs"));
        this.ingest = new KafkaConsumer<>(settings.groupConsumer(kafka, CLIENT_ID));
        this.producer = new KafkaProducer<>(kafka.producer(CLIENT_ID));
        this.follower = new GraphFollower(graphConsumer, Map.of(), Set.of(Topics.INGEST));
        this.retries = new PartitionRetries(ingest, settings.retry(), clock);
    }

    public boolean graphsRead() {
        return graphsRead;
    }

    /** The last record's failure, without the data it may be about (key values): health shows it. */
    public String lastError() {
        return lastError;
    }

    public long batchesCommitted() {
        return batchesCommitted.get();
    }

    public long recordsApplied() {
        return recordsApplied.get();
    }

    public long recordsFailed() {
        return recordsFailed.get();
    }

    /** The streams parked after a record of theirs could not be applied, with the reason; by stream. */
    public Map<String, String> parkedStreams() {
        return Map.copyOf(parked);
    }

    /** Records put on the dead-letter topic since the service started. */
    public long deadLetters() {
        return deadLetters.sent();
    }

    /** Records of parked streams skipped since the service started. */
    public long skippedWhileParked() {
        return skipped.get();
    }

    @Override
    protected void loop() throws InterruptedException {
        TopicAdmin.ensure(kafka, KafkaTopics.NAMES, CLIENT_ID);
        if (!follower.awaitTopics(stopped)) {
            return;
        }
        follower.assign();
        follower.catchUp(MAX_POLL, graphHandler, stopped);
        graphsRead = true;
        ingest.subscribe(List.of(Topics.INGEST), new Rebalance());
        while (!stopping()) {
            follower.poll(Duration.ZERO, graphHandler);
            retries.resumeDue();
            ConsumerRecords<String, String> records = ingest.poll(MAX_POLL);
            Map<Worker, List<Work>> work = new LinkedHashMap<>();
            for (TopicPartition tp : records.partitions()) {
                sort(tp, records.records(tp), work);
            }
            run(work);
        }
    }

    /** A platform's records in one partition: applied in order, by one worker. */
    private record Lane(TopicPartition tp, String schema) {
    }

    /** A record for a worker: applied to its target, or (with a problem) poison for the target's stream. */
    private record Work(TopicPartition tp, ConsumerRecord<String, String> record, Event event, String stream,
                        EventMerge.Target target, String problem) {
        Lane lane() {
            return new Lane(tp, target.schema());
        }
    }

    /** What a worker's records ask of the consumer: read a partition again from an offset, after a wait or not. */
    private record Seek(TopicPartition tp, long offset, boolean retry, String message, String messageWithoutData) {
    }

    /** One merge thread's connection and what it did; used by one thread at a time (the loop waits for it). */
    private static final class Worker {
        final MergeStoreConnection store;
        final List<Seek> seeks = new ArrayList<>();
        final Set<TopicPartition> applied = new HashSet<>();
        long lastWork = System.nanoTime();

        Worker(MergeStoreConnection store) {
            this.store = store;
        }
    }

    /**
     * Decides what becomes of each record of a partition, in order: records of retired streams are skipped,
     * records of streams no graph names and records that are not events of a known stream go to the dead-letter
     * topic, and the others go to the worker of their lane.
     */
    private void sort(TopicPartition tp, List<ConsumerRecord<String, String>> records, Map<Worker, List<Work>> work) {
        for (ConsumerRecord<String, String> r : records) {
            EventRecords.Decoded d = EventRecords.decode(r);
            String stream = d.event() != null && d.event().key() != null ? d.event().key() : r.key();
            Optional<EventMerge.Target> target = stream == null ? Optional.empty() : target(stream);
            if (target.isEmpty() && stream != null) {
                follower.readToEnd(MAX_POLL, graphHandler, stopped); // the graph naming the stream may be just behind
                target = target(stream);
            }
            if (target.isEmpty() && stream != null && graphs.retired(stream)) {
                LOG.debugf("%s offset %d: stream %s was retired; skipped", tp, r.offset(), stream);
                continue;
            }
            if (target.isEmpty()) {
                deadLetters.send(r, null, d.ok() ? "stream " + stream + " is in no platform's graph" : d.problem());
                continue;
            }
            Work w = new Work(tp, r, d.event(), stream, target.get(), d.ok() ? null : d.problem());
            work.computeIfAbsent(worker(w.lane()), k -> new ArrayList<>()).add(w);
        }
    }

    /** The lane's worker: the one it had, or the one with the fewest lanes. */
    private Worker worker(Lane lane) {
        return lanes.computeIfAbsent(lane, l -> {
            Map<Worker, Integer> load = new HashMap<>();
            workers.forEach(w -> load.put(w, 0));
            lanes.values().forEach(w -> load.merge(w, 1, Integer::sum));
            return workers.stream().min(Comparator.comparingInt(load::get)).orElseThrow();
        });
    }

    /**
     * Has the workers apply their records at once and waits for them; then reads partitions again where they
     * ask. A worker with nothing to do whose first load waited long for its next chunk commits it to staging.
     */
    private void run(Map<Worker, List<Work>> work) throws InterruptedException {
        List<Callable<Void>> tasks = new ArrayList<>();
        long now = System.nanoTime();
        for (Worker w : workers) {
            List<Work> mine = work.get(w);
            if (mine != null) {
                tasks.add(() -> {
                    applyAll(w, mine);
                    return null;
                });
            } else if (w.store.uncommittedFrom().isPresent() && now - w.lastWork > SETTLE_IDLE.toNanos()) {
                tasks.add(() -> {
                    settle(w);
                    return null;
                });
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a merge worker failed", e.getCause()); // a bug: the loop restarts
            }
        }
        Map<TopicPartition, Seek> seeks = new HashMap<>();
        for (Worker w : workers) {
            w.applied.forEach(retries::succeeded);
            w.applied.clear();
            for (Seek seek : w.seeks) {
                seeks.merge(seek.tp(), seek, (a, b) -> new Seek(a.tp(), Math.min(a.offset(), b.offset()),
                        a.retry() || b.retry(), a.retry() ? a.message() : b.message(),
                        a.retry() ? a.messageWithoutData() : b.messageWithoutData()));
            }
            w.seeks.clear();
        }
        for (Seek seek : seeks.values()) {
            if (!ingest.assignment().contains(seek.tp())) {
                continue;
            }
            if (seek.retry()) {
                fail(seek.tp(), seek.offset(), seek.message(), seek.messageWithoutData());
            } else {
                LOG.warnf("staged rows of %s were lost (a merge store crash?): reading its batch again from offset %d",
                        seek.tp(), seek.offset());
                ingest.seek(seek.tp(), seek.offset());
            }
        }
    }

    private void settle(Worker w) {
        try {
            w.store.merge().settle();
        } catch (DatasurfaceException e) {
            retryLost(w, e);
        }
    }

    /** After a fault: the worker's connection is thrown away, and records whose effect it rolled back are read again. */
    private void retryLost(Worker w, DatasurfaceException e) {
        Optional<EventMerge.Position> lost = w.store.readAgainFrom();
        w.store.drop();
        lost.ifPresent(p -> w.seeks.add(new Seek(new TopicPartition(p.topic(), p.partition()), p.offset(), true,
                e.getMessage(), e.messageWithoutData())));
    }

    @Override
    protected void wakeup() {
        ingest.wakeup();
        graphConsumer.wakeup();
    }

    @Override
    protected void close() {
        pool.shutdownNow();
        ingest.close(Duration.ofSeconds(5));
        graphConsumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        deadLetters.close();
        workers.forEach(w -> w.store.close());
        store.close();
    }

    private void onGraph(ConsumerRecord<String, String> record, Event event) {
        if (event instanceof GraphChanged g) {
            graphs.apply(g.diff());
        }
    }

    /**
     * Applies a worker's records, each lane's in order, stopping a lane at a record that cannot be applied yet (a
     * retriable fault: it is tried again later). A record that can never be applied goes to the dead-letter topic,
     * and its stream parks: its open batch fails and its records are skipped until a batch comes that can take
     * the failed one's place.
     */
    private void applyAll(Worker w, List<Work> work) {
        Set<Lane> stopped = new HashSet<>();
        for (Work item : work) {
            Lane lane = item.lane();
            if (stopped.contains(lane)) {
                continue;
            }
            w.lastWork = System.nanoTime();
            ConsumerRecord<String, String> r = item.record();
            String stream = item.stream();
            if (item.problem() != null) {
                deadLetters.send(r, stream, item.problem());
                park(w, item.target(), stream, item.problem(), item.problem());
                continue;
            }
            Event event = item.event();
            if (parked.containsKey(stream) && !(event instanceof BatchStarted)) {
                skipped.incrementAndGet(); // parked: only a new batch can get it going again
                continue;
            }
            try {
                EventMerge.Applied applied = w.store.merge().apply(item.target(), r.topic(), r.partition(), r.offset(),
                        event);
                recordsApplied.incrementAndGet();
                w.applied.add(item.tp());
                if (applied.resumed() || parked.containsKey(stream)) {
                    resume(item.target(), stream);
                }
                applied.committed().ifPresent(this::announce);
                if (applied.rewindTo().isPresent()) {
                    w.seeks.add(new Seek(item.tp(), applied.rewindTo().get(), false, null, null));
                    stopped.add(lane);
                }
            } catch (DatasurfaceException e) {
                if (e.retriable()) {
                    w.seeks.add(new Seek(item.tp(), r.offset(), true, e.getMessage(), e.messageWithoutData()));
                    retryLost(w, e);
                    stopped.add(lane);
                    continue;
                }
                poison(w, r, item.target(), stream, event, e.getMessage(), e.messageWithoutData());
            } catch (RuntimeException e) { // e.g. rows that do not decode: nothing will ever apply them
                String what = "cannot apply " + event.getClass().getSimpleName() + ": " + e.getClass().getSimpleName();
                poison(w, r, item.target(), stream, event, what + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        what);
            }
        }
    }

    /**
     * A record that can never be applied: to the dead-letter topic, and its stream parks.
     *
     * @param reasonWithoutData the reason without the data it may quote, for health
     */
    private void poison(Worker w, ConsumerRecord<String, String> r, EventMerge.Target target, String stream,
                        Event event, String reason, String reasonWithoutData) {
        if (parked.containsKey(stream) && event instanceof BatchStarted) {
            park(w, target, stream, reason, reasonWithoutData); // a batch that cannot take the failed one's place
            return;
        }
        deadLetters.send(r, stream, reason);
        park(w, target, stream, reason, reasonWithoutData);
    }

    /**
     * Parks the stream: its open batch fails with the reason, and the merge-service says so on the stream-status
     * topic (whose messages only admins see through {@code GET /streams}).
     */
    private void park(Worker w, EventMerge.Target target, String stream, String reason, String reasonWithoutData) {
        parked.put(stream, reason);
        lastError = reasonWithoutData;
        try {
            w.store.merge().fail(target, stream, reason);
        } catch (DatasurfaceException e) {
            retryLost(w, e); // the batch stays open; records of the stream are skipped all the same
            LOG.warnf("%s parked, but its batch could not be marked failed: %s", stream, e.getMessage());
        }
        LOG.errorf("%s parked: %s", stream, reason);
        status(target, stream, "PARKED", reason);
    }

    private void resume(EventMerge.Target target, String stream) {
        parked.remove(stream);
        LOG.infof("%s goes on: a new batch took the place of the failed one", stream);
        status(target, stream, "MERGING", null);
    }

    private void status(EventMerge.Target target, String stream, String state, String message) {
        StreamStatus status = new StreamStatus(target.platform(), stream, state, message, 0, clock.instant(),
                StreamStatus.MERGE);
        producer.send(new ProducerRecord<>(Topics.STREAM_STATUS, stream, Json.write(status)), (meta, e) -> {
            if (e != null) {
                LOG.warnf("could not publish the status of %s: %s", stream, e.getMessage());
            }
        });
    }

    /** Where a stream's batches go, when the graphs know the stream. */
    private Optional<EventMerge.Target> target(String stream) {
        Optional<IngestionNode> node = graphs.stream(stream);
        return node.flatMap(n -> graphs.milestoning(n.platform()).map(m -> new EventMerge.Target(n.platform(),
                graphs.graph(n.platform()).orElseThrow().schema(), m, n)));
    }

    private void announce(BatchCommitted committed) {
        batchesCommitted.incrementAndGet();
        LOG.infof("committed %s batch %d", committed.stream(), committed.batchId());
        producer.send(new ProducerRecord<>(Topics.BATCHES, committed.key(), Json.write(committed)), (meta, e) -> {
            if (e != null) {
                LOG.warnf("could not announce %s batch %d: %s", committed.stream(), committed.batchId(), e.getMessage());
            }
        });
    }

    /**
     * @param message            for the log: the key values a fault may quote are what an operator needs
     * @param messageWithoutData for health, which anyone may read
     */
    private void fail(TopicPartition tp, long offset, String message, String messageWithoutData) {
        recordsFailed.incrementAndGet();
        lastError = messageWithoutData;
        Duration wait = retries.fail(tp, offset);
        LOG.warnf("%s offset %d: %s (trying again in %s)", tp, offset, message, wait);
    }

    /** On assignment, each partition is read from where the merge store says (see {@link StoredOffsets}). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            retries.forget(partitions);
            lanes.keySet().removeIf(l -> partitions.contains(l.tp()));
            for (Worker w : workers) { // a first load of a partition gone elsewhere is not ours to finish
                w.store.uncommittedFrom().filter(p -> partitions.contains(new TopicPartition(p.topic(), p.partition())))
                        .ifPresent(p -> w.store.drop());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            StoredOffsets stored;
            workers.forEach(w -> w.store.forgetStoredOffsets()); // another member may have moved them meanwhile
            try {
                stored = store.storedOffsets(graphs.schemasWithStreams());
            } catch (DatasurfaceException e) {
                // from the start is always safe: a record applied before is recognised in its own transaction
                LOG.warnf("cannot read the stored offsets (%s): reading the partitions from their start", e.getMessage());
                ingest.seekToBeginning(partitions);
                return;
            }
            for (TopicPartition tp : partitions) {
                stored.nextOffset(tp.partition()).ifPresentOrElse(next -> ingest.seek(tp, next),
                        () -> ingest.seekToBeginning(List.of(tp)));
            }
        }
    }
}

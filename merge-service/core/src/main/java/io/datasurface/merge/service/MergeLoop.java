package io.datasurface.merge.service;

import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.LoopThread;
import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PlatformGraphs;
import io.datasurface.model.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The merge-service's one thread. It follows the graphs (where each stream's batches go), then consumes
 * {@code datasurface.ingest} in the consumer group, applying each record with {@link EventMerge}: the record's
 * effect and its offset commit together in the merge store, and on assignment a partition is read from the
 * offsets stored there ({@link StoredOffsets}), so every record is applied exactly once. Kafka's own committed
 * offsets are not used. Each committed batch is announced with BatchCommitted on {@code datasurface.batches}
 * (at least once). A record that fails is tried again with backoff; the records after it in its partition
 * wait ({@link PartitionRetries}).
 */
public final class MergeLoop extends LoopThread {
    private static final Logger LOG = Logger.getLogger(MergeLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final String CLIENT_ID = "datasurface-merge-service";

    private final MergeSettings settings;
    private final MergeStoreConnection store;
    private final PlatformGraphs graphs = new PlatformGraphs();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private final AtomicLong recordsApplied = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final KafkaConsumer<String, String> graphConsumer;
    private final KafkaConsumer<String, String> ingest;
    private final KafkaProducer<String, String> producer;
    private final GraphFollower follower;
    private final PartitionRetries retries;
    private volatile String lastError;
    private volatile boolean graphsRead;

    public MergeLoop(KafkaSettings kafka, MergeSettings settings, DataSource mergeStore, Clock clock) {
        super("merge-events");
        this.settings = settings;
        this.store = new MergeStoreConnection(mergeStore, settings.consumerGroup(), clock);
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

    @Override
    protected void loop() throws InterruptedException {
        if (!follower.awaitTopics(stopped)) {
            return;
        }
        follower.assign();
        follower.catchUp(MAX_POLL, this::onGraph, stopped);
        graphsRead = true;
        ingest.subscribe(List.of(Topics.INGEST), new Rebalance());
        while (!stopping()) {
            follower.poll(Duration.ZERO, this::onGraph);
            retries.resumeDue();
            ConsumerRecords<String, String> records = ingest.poll(MAX_POLL);
            for (TopicPartition tp : records.partitions()) {
                applyAll(tp, records.records(tp));
            }
        }
    }

    @Override
    protected void wakeup() {
        ingest.wakeup();
        graphConsumer.wakeup();
    }

    @Override
    protected void close() {
        ingest.close(Duration.ofSeconds(5));
        graphConsumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        store.close();
    }

    private void onGraph(ConsumerRecord<String, String> record, Event event) {
        if (event instanceof GraphChanged g) {
            graphs.apply(g.diff());
        }
    }

    /** Applies a partition's records in order, stopping at one that cannot be applied yet. */
    private void applyAll(TopicPartition tp, List<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            Event event;
            try {
                event = Json.read(r.value(), Event.class);
            } catch (RuntimeException e) {
                LOG.errorf("an unreadable record at %s offset %d: %s; it is skipped", tp, r.offset(), e.getMessage());
                continue; // nothing can ever read it; its offset moves with the next record applied
            }
            Optional<EventMerge.Target> target = target(event.key());
            if (target.isEmpty()) {
                follower.poll(MAX_POLL, this::onGraph); // the graph naming the stream may be just behind
                target = target(event.key());
            }
            if (target.isEmpty()) {
                String waiting = "stream " + event.key() + " is in no graph yet";
                fail(tp, r.offset(), waiting, waiting);
                return;
            }
            try {
                EventMerge.Applied applied = store.merge().apply(target.get(), r.topic(), r.partition(), r.offset(), event);
                recordsApplied.incrementAndGet();
                retries.succeeded(tp);
                applied.committed().ifPresent(this::announce);
                if (applied.rewindTo().isPresent()) {
                    LOG.warnf("staged rows of %s were lost (a merge store crash?): reading its batch again from offset %d",
                            event.key(), applied.rewindTo().get());
                    ingest.seek(tp, applied.rewindTo().get());
                    return;
                }
            } catch (DatasurfaceException e) {
                if (e.retriable()) {
                    store.drop();
                }
                fail(tp, r.offset(), e.getMessage(), e.messageWithoutData());
                return;
            }
        }
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
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            StoredOffsets stored;
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

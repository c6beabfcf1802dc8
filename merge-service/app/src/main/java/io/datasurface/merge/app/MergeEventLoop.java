package io.datasurface.merge.app;

import io.agroal.api.AgroalDataSource;
import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The merge-service's one thread. It reads the graphs from the start of {@code datasurface.graph} (where
 * each stream's batches go), then consumes {@code datasurface.ingest} in the consumer group, applying each
 * record with {@link EventMerge}: the record's effect and its offset commit together in the merge store,
 * and on assignment a partition is read from the offsets stored there, so every record is applied exactly
 * once. Kafka's own committed offsets are not used. Each committed batch is announced with BatchCommitted
 * on {@code datasurface.batches} (at least once). A record that fails is tried again with backoff; the
 * records after it in its partition wait.
 */
@ApplicationScoped
class MergeEventLoop {
    private static final Logger LOG = Logger.getLogger(MergeEventLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private final MergeServiceConfig config;
    private final AgroalDataSource dataSource;
    private final MergeTargets targets = new MergeTargets();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private final Map<TopicPartition, Integer> failures = new HashMap<>();
    private final AtomicLong batchesCommitted = new AtomicLong();
    private final AtomicLong recordsApplied = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private volatile String lastError;
    private volatile boolean running;
    private volatile boolean graphsRead;
    private volatile Thread thread;
    private KafkaConsumer<String, String> graphs;
    private KafkaConsumer<String, String> ingest;
    private KafkaProducer<String, String> producer;
    private Connection connection;
    private EventMerge merge;

    MergeEventLoop(MergeServiceConfig config, AgroalDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
    }

    void start(@Observes StartupEvent startup) {
        graphs = new KafkaConsumer<>(consumerProps(null));
        ingest = new KafkaConsumer<>(consumerProps(config.consumerGroup()));
        producer = new KafkaProducer<>(producerProps());
        running = true;
        thread = new Thread(this::loop, "merge-events");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        stopped.countDown();
        if (ingest != null) {
            ingest.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    boolean alive() {
        return thread != null && thread.isAlive() && running;
    }

    boolean graphsRead() {
        return graphsRead;
    }

    String lastError() {
        return lastError;
    }

    // accessors, not fields: callers hold the bean's client proxy, whose own fields are empty

    long batchesCommitted() {
        return batchesCommitted.get();
    }

    long recordsApplied() {
        return recordsApplied.get();
    }

    long recordsFailed() {
        return recordsFailed.get();
    }

    private void loop() {
        try {
            List<TopicPartition> graphParts;
            while ((graphParts = partitions(graphs, Topics.GRAPH)).isEmpty() || partitions(graphs, Topics.INGEST).isEmpty()) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
            graphs.assign(graphParts);
            graphs.seekToBeginning(graphParts);
            Map<TopicPartition, Long> end = graphs.endOffsets(graphParts);
            while (running && graphParts.stream().anyMatch(p -> graphs.position(p) < end.get(p))) {
                readGraphs(MAX_POLL);
            }
            graphsRead = true;
            ingest.subscribe(List.of(Topics.INGEST), new Rebalance());
            while (running) {
                readGraphs(Duration.ZERO);
                resumeDue();
                ConsumerRecords<String, String> records = ingest.poll(MAX_POLL);
                for (TopicPartition tp : records.partitions()) {
                    applyAll(tp, records.records(tp));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stop() asked us to
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.error("the merge-service event loop stopped", e);
        } finally {
            running = false;
            closeQuietly();
        }
    }

    private void readGraphs(Duration wait) {
        for (ConsumerRecord<String, String> r : graphs.poll(wait)) {
            try {
                if (Json.read(r.value(), Event.class) instanceof GraphChanged g) {
                    targets.apply(g.diff());
                }
            } catch (RuntimeException e) {
                LOG.warnf("skipping an unreadable graph record at offset %d: %s", r.offset(), e.getMessage());
            }
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
            Optional<EventMerge.Target> target = targets.of(event.key());
            if (target.isEmpty()) {
                readGraphs(MAX_POLL); // the graph naming the stream may be just behind
                target = targets.of(event.key());
            }
            if (target.isEmpty()) {
                fail(tp, r.offset(), "stream " + event.key() + " is in no graph yet");
                return;
            }
            try {
                EventMerge.Applied applied = merge().apply(target.get(), r.topic(), r.partition(), r.offset(), event);
                recordsApplied.incrementAndGet();
                failures.remove(tp);
                applied.committed().ifPresent(this::announce);
                if (applied.rewindTo().isPresent()) {
                    LOG.warnf("staged rows of %s were lost (a merge store crash?): reading its batch again from offset %d",
                            event.key(), applied.rewindTo().get());
                    ingest.seek(tp, applied.rewindTo().get());
                    return;
                }
            } catch (DatasurfaceException e) {
                if (e.retriable()) {
                    dropConnection();
                }
                fail(tp, r.offset(), e.getMessage());
                return;
            }
        }
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

    /** Goes back to the record and pauses its partition for a while, waiting longer each time. */
    private void fail(TopicPartition tp, long offset, String message) {
        recordsFailed.incrementAndGet();
        lastError = message;
        int n = failures.merge(tp, 1, Integer::sum);
        Duration wait = config.retryInitial().multipliedBy(1L << Math.min(n - 1, 16));
        if (wait.compareTo(config.retryMax()) > 0) {
            wait = config.retryMax();
        }
        LOG.warnf("%s offset %d: %s (trying again in %s)", tp, offset, message, wait);
        ingest.seek(tp, offset);
        ingest.pause(List.of(tp));
        pausedUntil.put(tp, Instant.now().plus(wait));
    }

    private void resumeDue() {
        Instant now = Instant.now();
        pausedUntil.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            if (ingest.assignment().contains(e.getKey())) {
                ingest.resume(List.of(e.getKey()));
            }
            return true;
        });
    }

    private EventMerge merge() {
        if (merge == null) {
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw new DatasurfaceException("cannot connect to the merge store: " + e.getMessage(), true, e);
            }
            merge = new EventMerge(connection, config.consumerGroup(), Clock.systemUTC());
        }
        return merge;
    }

    private void dropConnection() {
        merge = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection: closing only
            }
            connection = null;
        }
    }

    /** On assignment, each partition is read from the lowest offset any platform stored for it. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pausedUntil::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            EventMerge m;
            try {
                m = merge();
                m.forgetStoredOffsets();
            } catch (DatasurfaceException e) {
                // from the start is always safe: a record applied before is recognised in its own transaction
                LOG.warnf("cannot read the stored offsets (%s): reading the partitions from their start", e.getMessage());
                ingest.seekToBeginning(partitions);
                return;
            }
            for (TopicPartition tp : partitions) {
                long from = Long.MAX_VALUE;
                boolean anyMissing = targets.schemas().isEmpty();
                for (String schema : targets.schemas()) {
                    Long next = m.storedOffsets(schema, Topics.INGEST).get(tp.partition());
                    if (next == null) {
                        anyMissing = true;
                    } else {
                        from = Math.min(from, next);
                    }
                }
                if (anyMissing) {
                    ingest.seekToBeginning(List.of(tp));
                } else {
                    ingest.seek(tp, from);
                }
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Properties consumerProps(String group) {
        return IngestConsumerSettings.of(config.kafkaBootstrapServers(), group, config.sessionTimeout(), config.instance());
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "datasurface-merge-service");
        return p;
    }

    private void closeQuietly() {
        try {
            ingest.close(Duration.ofSeconds(5));
            graphs.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // closing only
        }
        dropConnection();
    }
}

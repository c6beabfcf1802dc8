package io.datasurface.ingest.app;

import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.IngestStates;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.StreamTrigger;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The ingest-service: one control thread follows the graphs (each ingestion node a stream) and the
 * StreamTrigger events, and hands the steps the {@link StreamScheduler} says are due to a pool of
 * workers. Each worker owns a transactional producer and runs {@link KafkaIngestStep}s with it; the
 * streams' states are read back from {@code datasurface.ingest-state} at start and kept in memory after.
 */
@ApplicationScoped
class IngestEngine {
    private static final Logger LOG = Logger.getLogger(IngestEngine.class);
    private static final Duration MAX_WAIT = Duration.ofMillis(200);

    private final IngestServiceConfig config;
    private final StreamScheduler scheduler;
    private final Map<String, IngestState> states = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong batchesSealed = new AtomicLong();
    private final AtomicLong rowsSent = new AtomicLong();
    private BlockingQueue<KafkaProducer<String, String>> producers;
    /** Each worker producer's transactional id, kept when a broken producer is replaced (so the new one fences it). */
    private final Map<KafkaProducer<String, String>, String> producerIds = new ConcurrentHashMap<>();
    private ExecutorService workers;
    /** Sends StreamStatus events off the scheduler's lock (a send may wait for the topic's metadata). */
    private final ExecutorService statusSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-status");
        t.setDaemon(true);
        return t;
    });
    private KafkaConsumer<String, String> events;
    private KafkaProducer<String, String> stateProducer;
    private SourceConnections sources;
    private CdcStreams cdc;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile Thread thread;

    IngestEngine(IngestServiceConfig config) {
        this.config = config;
        this.scheduler = new StreamScheduler(config.maxRunning(), config.maxPerSource(), Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup) {
        sources = new SourceConnections(CredentialStore.parse(config.credentialStore()));
        cdc = new CdcStreams(sources, config.chunkRows(),
                stream -> Optional.ofNullable(states.get(stream)).map(IngestState::sourcePosition).orElse(null));
        events = new KafkaConsumer<>(consumerProps());
        stateProducer = new KafkaProducer<>(producerProps(null));
        producers = new ArrayBlockingQueue<>(config.maxRunning());
        workers = Executors.newFixedThreadPool(config.maxRunning(), r -> new Thread(r, "ingest-step"));
        scheduler.onChange(this::announce);
        running = true;
        thread = new Thread(this::loop, "ingest-control");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        stopped.countDown();
        if (events != null) {
            events.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        if (workers != null) {
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS); // a step ends at its next checkpoint or finishes
        }
        statusSender.shutdown();
        if (cdc != null) {
            cdc.closeAll();
        }
        if (producers != null) {
            producers.forEach(p -> p.close(Duration.ofSeconds(5)));
        }
        if (stateProducer != null) {
            stateProducer.close(Duration.ofSeconds(5));
        }
    }

    StreamScheduler scheduler() {
        return scheduler;
    }

    /** The stream's state as its last committed step left it. */
    Optional<IngestState> state(String stream) {
        return Optional.ofNullable(states.get(stream));
    }

    boolean alive() {
        return thread != null && thread.isAlive() && running;
    }

    boolean ready() {
        return ready;
    }

    long batchesSealed() {
        return batchesSealed.get();
    }

    long rowsSent() {
        return rowsSent.get();
    }

    private void loop() {
        try {
            List<TopicPartition> graph;
            List<TopicPartition> triggers;
            while ((graph = partitions(Topics.GRAPH)).isEmpty() || (triggers = partitions(Topics.TRIGGERS)).isEmpty()
                    || partitions(Topics.INGEST_STATE).isEmpty()) {
                if (stopped.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
            // the producers first: their initTransactions aborts what a killed process of this instance left open,
            // which would otherwise hide the states committed after it from the read below
            for (int i = 0; i < config.maxRunning(); i++) {
                producers.add(newProducer("datasurface-ingest-" + config.instance() + "-" + i));
            }
            states.putAll(IngestStates.read(events, Duration.ofSeconds(30)));
            List<TopicPartition> all = new java.util.ArrayList<>(graph);
            all.addAll(triggers);
            events.assign(all);
            events.seekToBeginning(graph);
            events.seekToEnd(triggers);
            triggers.forEach(events::position);
            Map<TopicPartition, Long> graphEnd = events.endOffsets(graph);
            ready = false;
            while (running) {
                Duration wait = scheduler.untilNext().filter(d -> d.compareTo(MAX_WAIT) < 0).orElse(MAX_WAIT);
                for (ConsumerRecord<String, String> r : events.poll(wait)) {
                    dispatch(r);
                }
                if (!ready) {
                    ready = graphEnd.entrySet().stream().allMatch(e -> events.position(e.getKey()) >= e.getValue());
                    if (!ready) {
                        continue; // no step before every graph is read
                    }
                    LOG.infof("read the graphs: %d streams", scheduler.streams().size());
                }
                for (StreamScheduler.Start start : scheduler.startDue()) {
                    workers.submit(() -> step(start.node()));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stop() asked us to
        } catch (RuntimeException e) {
            LOG.error("the ingest-service control loop stopped", e);
        } finally {
            running = false;
            try {
                events.close(Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // closing only
            }
        }
    }

    private void dispatch(ConsumerRecord<String, String> r) {
        Event event;
        try {
            event = Json.read(r.value(), Event.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable record at %s-%d offset %d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return;
        }
        if (event instanceof GraphChanged g && serves(g.platform())) {
            apply(g.diff());
        } else if (event instanceof StreamTrigger t && serves(t.platform())) {
            if (!scheduler.trigger(t.stream())) {
                LOG.warnf("trigger of %s by %s ignored: the stream is unknown or parked", t.stream(), t.requestedBy());
            }
        }
    }

    private void apply(GraphDiff diff) {
        diff.streamsAdded().forEach(scheduler::upsert);
        diff.streamsChanged().forEach(scheduler::upsert);
        for (IngestionNode gone : diff.streamsRemoved()) {
            scheduler.retire(gone.key());
            if (SourceConnections.continuous(gone)) {
                cdc.retire(gone, workers);
            }
            // the state stays, so that a stream that comes back goes on with the next batch id, as the merge store
            // expects; a cdc stream's position goes with its slot, so that it starts again with a snapshot
            IngestState s = states.get(gone.key());
            if (s != null && SourceConnections.continuous(gone) && !s.open() && s.sourcePosition() != null) {
                IngestState unpositioned = new IngestState(s.stream(), s.platform(), s.batchId(), false, s.kind(),
                        s.datasets(), null, s.previousPosition(), null, s.nextChunk(), s.rows());
                states.put(gone.key(), unpositioned);
                stateProducer.send(new ProducerRecord<>(Topics.INGEST_STATE, gone.key(), Json.write(unpositioned)));
            }
        }
    }

    /** One step on a worker thread, with a producer of its own. */
    private void step(IngestionNode node) {
        KafkaProducer<String, String> producer = null;
        IngestOutcome outcome = IngestOutcome.ERROR;
        String message = null;
        boolean retriable = true;
        try {
            producer = producers.take();
            boolean continuous = SourceConnections.continuous(node);
            BatchSource reader = continuous ? cdc.reader(node) : sources.reader(node, config.chunkRows());
            try {
                KafkaIngestStep.Result r = new KafkaIngestStep(producer, node.platform(), node, config.chunkRows(),
                        Clock.systemUTC()).run(Optional.ofNullable(states.get(node.key())), reader, config.maxChunks());
                if (r.state() != null) {
                    states.put(node.key(), r.state());
                }
                outcome = r.outcome();
                message = r.message();
                retriable = r.retriable();
                rowsSent.addAndGet(r.rowsSent());
                if (outcome == IngestOutcome.DONE) {
                    batchesSealed.incrementAndGet();
                    LOG.infof("%s batch %d sealed", node.key(), r.state().batchId());
                } else if (outcome == IngestOutcome.ERROR) {
                    LOG.warnf("%s: %s (%s)", node.key(), message, retriable ? "retried after a pause; parked if it persists" : "parked until reset");
                    if (message != null && message.startsWith("the Kafka producer cannot go on")) {
                        String id = producerIds.remove(producer);
                        producer.close(Duration.ofSeconds(5));
                        producer = null;
                        replaceProducer(id);
                    }
                }
            } finally {
                if (!continuous) {
                    reader.close();
                } else if (outcome == IngestOutcome.ERROR) {
                    cdc.close(node.key()); // a step that failed may have taken changes it did not send: start over
                }
            }
        } catch (DatasurfaceException e) {
            message = e.getMessage();
            retriable = e.retriable();
            LOG.warnf("%s: %s (%s)", node.key(), message, retriable ? "retried after a pause; parked if it persists" : "parked until reset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message = "the service is stopping";
        } catch (RuntimeException e) {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error(node.key() + ": a step failed unexpectedly", e);
        } finally {
            if (producer != null) {
                producers.add(producer);
            }
            scheduler.finished(node, outcome, message, retriable);
        }
    }

    /** Publishes a stream's scheduler state when it changes (StreamStatus on datasurface.stream-status). */
    private void announce(StreamScheduler.StreamView view) {
        IngestState s = states.get(view.stream());
        String platform = view.stream().substring(0, view.stream().indexOf('/'));
        StreamStatus status = new StreamStatus(platform, view.stream(), view.state().name(), view.lastMessage(),
                s == null ? 0 : s.batchId(), Instant.now());
        statusSender.execute(() -> {
            try {
                stateProducer.send(new ProducerRecord<>(Topics.STREAM_STATUS, status.key(), Json.write(status)));
            } catch (RuntimeException e) {
                LOG.debugf("stream status of %s not published: %s", view.stream(), e.getMessage());
            }
        });
    }

    /** Makes a worker producer of this id again and gives it to the pool, trying until the broker lets it. */
    private void replaceProducer(String id) {
        for (long pause = 1; running; pause = Math.min(pause * 2, 30)) {
            try {
                producers.add(newProducer(id));
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot make Kafka producer %s again (retrying in %d s): %s", id, pause, e.getMessage());
                try {
                    if (stopped.await(pause, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A transactional producer; its initTransactions fences any earlier producer of the same id and aborts its transaction. */
    private KafkaProducer<String, String> newProducer(String id) {
        KafkaProducer<String, String> p = new KafkaProducer<>(producerProps(id));
        p.initTransactions();
        producerIds.put(p, id);
        return p;
    }

    private boolean serves(String platform) {
        Set<String> only = Set.copyOf(config.platforms().orElse(List.of()));
        return only.isEmpty() || only.contains(platform);
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = events.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "datasurface-ingest-" + config.instance());
        return p;
    }

    private Properties producerProps(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 << 20));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // a CDC stream's initial snapshot is one transaction: give it the broker's default maximum
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(15 * 60 * 1000));
        } else {
            p.put(ProducerConfig.ACKS_CONFIG, "all");
        }
        return p;
    }
}

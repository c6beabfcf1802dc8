package io.datasurface.view.app;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.json.Json;
import io.datasurface.view.service.Backoff;
import io.datasurface.view.service.ViewWork;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * The view-service's one thread: reads every graph change from the beginning of {@code datasurface.graph}
 * (the graphs are built up from their diffs), and committed batches from the end of
 * {@code datasurface.batches}; once it has caught up with the graphs, it runs the due work and publishes
 * {@code ViewsReconciled} on {@code datasurface.views}. No consumer group: every instance reads everything.
 */
@ApplicationScoped
class ViewEventLoop {
    private static final Logger LOG = Logger.getLogger(ViewEventLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private final ViewServiceConfig config;
    private final ViewWork work;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Thread thread;
    private volatile int waiting;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> producer;
    private Map<TopicPartition, Long> graphEnd;

    ViewEventLoop(ViewServiceConfig config, MergeStoreReconcile reconcile) {
        this.config = config;
        this.work = new ViewWork(Set.copyOf(config.platforms().orElse(List.of())), reconcile, this::publish,
                new Backoff(config.retryInitial(), config.retryMax()), Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup) {
        consumer = new KafkaConsumer<>(consumerProps());
        producer = new KafkaProducer<>(producerProps());
        running = true;
        thread = new Thread(this::loop, "view-events");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        stopped.countDown();
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    ViewWork work() {
        return work;
    }

    /** Platforms with views waiting to be made (a retry after a failure, usually). */
    int platformsWaiting() {
        return waiting;
    }

    /** Whether the graphs are read up to where they were when the service started. */
    boolean caughtUp() {
        return caughtUp;
    }

    boolean alive() {
        return thread != null && thread.isAlive() && running;
    }

    private void loop() {
        try {
            while (running && !assign()) {
                if (stopped.await(1, TimeUnit.SECONDS)) { // the topics do not exist yet
                    return;
                }
            }
            Duration wait = MAX_POLL;
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
                    dispatch(r);
                }
                if (!caughtUp) {
                    caughtUp = graphEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (!caughtUp) {
                        continue;
                    }
                    LOG.infof("read the graphs of %d platforms; reconciling their views", work.platformsWaiting());
                }
                Optional<Duration> next = work.runDue();
                waiting = work.platformsWaiting();
                wait = next.filter(d -> d.compareTo(MAX_POLL) < 0).orElse(MAX_POLL);
            }
        } catch (WakeupException | InterruptedException e) {
            // stop() asked us to
        } catch (RuntimeException e) {
            LOG.error("the view-service event loop stopped", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns both topics once they exist: graphs from the start, batches from now on. */
    private boolean assign() {
        List<TopicPartition> graph = partitions(Topics.GRAPH);
        List<TopicPartition> batches = partitions(Topics.BATCHES);
        if (graph.isEmpty() || batches.isEmpty()) {
            LOG.debugf("waiting for topics %s and %s", Topics.GRAPH, Topics.BATCHES);
            return false;
        }
        List<TopicPartition> all = new ArrayList<>(graph);
        all.addAll(batches);
        consumer.assign(all);
        consumer.seekToBeginning(graph);
        consumer.seekToEnd(batches);
        batches.forEach(consumer::position); // fix the start now, so no batch committed after this is missed
        graphEnd = consumer.endOffsets(graph);
        return true;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
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
        if (event instanceof GraphChanged g) {
            work.graphChanged(g);
        } else if (event instanceof BatchCommitted b) {
            work.batchCommitted(b);
        }
    }

    private void publish(ViewsReconciled event) {
        producer.send(new ProducerRecord<>(Topics.VIEWS, event.key(), Json.write(event)), (meta, e) -> {
            if (e != null) {
                LOG.warnf("could not publish ViewsReconciled for %s: %s", event.platform(), e.getMessage());
            }
        });
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "datasurface-view-service");
        return p;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "datasurface-view-service");
        return p;
    }
}

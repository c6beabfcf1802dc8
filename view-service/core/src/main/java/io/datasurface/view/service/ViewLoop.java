package io.datasurface.view.service;

import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.LoopThread;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The view-service's one thread: follows the graphs (built up from the diffs on {@code datasurface.graph}, from
 * its start) and reads committed batches from the end of {@code datasurface.batches}; once it has caught up with
 * the graphs, it runs the {@link ViewWork} that is due and publishes {@code ViewsReconciled} on {@code
 * datasurface.views}. No consumer group: every instance reads everything.
 */
public final class ViewLoop extends LoopThread {
    private static final Logger LOG = Logger.getLogger(ViewLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final String CLIENT_ID = "datasurface-view-service";

    private final KafkaSettings kafka;
    private final ViewWork work;
    private final DeadLetters deadLetters;
    private final GraphFollower.Handler handler;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final GraphFollower follower;
    private volatile boolean caughtUp;
    private volatile int waiting;

    /** @param platformsServed the platforms whose views this instance makes; empty for all */
    public ViewLoop(KafkaSettings kafka, Set<String> platformsServed, ViewWork.Reconcile reconcile, Backoff retry,
                    Clock clock) {
        super("view-events");
        this.kafka = kafka;
        this.work = new ViewWork(platformsServed, reconcile, this::publish, retry, clock);
        this.deadLetters = new DeadLetters(kafka, CLIENT_ID, clock);
        this.handler = GraphFollower.Handler.deadLettering(this::dispatch, deadLetters);
        this.consumer = new KafkaConsumer<>(kafka.consumer(CLIENT_ID));
        this.producer = new KafkaProducer<>(kafka.producer(CLIENT_ID));
        this.follower = new GraphFollower(consumer, Map.of(Topics.BATCHES, GraphFollower.From.END), Set.of());
    }

    public ViewCounters counters() {
        return work.counters();
    }

    /** Platforms with views waiting to be made (a retry after a failure, usually). */
    public int platformsWaiting() {
        return waiting;
    }

    /** Whether the graphs are read up to where they were when the service started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records put on the dead-letter topic since the service started. */
    public long deadLetters() {
        return deadLetters.sent();
    }

    @Override
    protected void loop() throws InterruptedException {
        TopicAdmin.ensure(kafka, KafkaTopics.NAMES, CLIENT_ID);
        if (!follower.awaitTopics(stopped)) {
            return;
        }
        follower.assign();
        Duration wait = MAX_POLL;
        while (!stopping()) {
            follower.poll(wait, handler);
            if (!caughtUp) {
                caughtUp = follower.caughtUp();
                if (!caughtUp) {
                    continue;
                }
                LOG.infof("read the graphs of %d platforms; reconciling their views", work.platformsWaiting());
            }
            Optional<Duration> next = work.runDue();
            waiting = work.platformsWaiting();
            wait = next.filter(d -> d.compareTo(MAX_POLL) < 0).orElse(MAX_POLL);
        }
    }

    @Override
    protected void wakeup() {
        consumer.wakeup();
    }

    @Override
    protected void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        deadLetters.close();
    }

    private void dispatch(ConsumerRecord<String, String> record, Event event) {
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
}

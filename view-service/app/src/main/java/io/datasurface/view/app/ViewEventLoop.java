package io.datasurface.view.app;

import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.Topics;
import io.datasurface.model.event.ViewsReconciled;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.json.Json;
import io.datasurface.view.service.ViewWork;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The view-service's one thread: follows the graphs (built up from the diffs on {@code datasurface.graph},
 * from its start) and reads committed batches from the end of {@code datasurface.batches}; once it has caught
 * up with the graphs, it runs the due work and publishes {@code ViewsReconciled} on {@code datasurface.views}.
 * No consumer group: every instance reads everything.
 */
@ApplicationScoped
class ViewEventLoop {
    private static final Logger LOG = Logger.getLogger(ViewEventLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final String CLIENT_ID = "datasurface-view-service";

    private final KafkaSettings kafka;
    private final ViewWork work;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Thread thread;
    private volatile int waiting;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> producer;

    ViewEventLoop(ViewServiceConfig config, KafkaConfig kafka, MergeStoreReconcile reconcile) {
        this.kafka = KafkaSettings.of(kafka);
        this.work = new ViewWork(Set.copyOf(config.platforms().orElse(List.of())), reconcile, this::publish,
                new Backoff(config.retryInitial(), config.retryMax()), Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup) {
        consumer = new KafkaConsumer<>(kafka.consumer(CLIENT_ID));
        producer = new KafkaProducer<>(kafka.producer(CLIENT_ID));
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
            GraphFollower follower = new GraphFollower(consumer, Map.of(Topics.BATCHES, GraphFollower.From.END), Set.of());
            if (!follower.awaitTopics(stopped)) {
                return;
            }
            follower.assign();
            Duration wait = MAX_POLL;
            while (running) {
                follower.poll(wait, (record, event) -> {
                    if (event instanceof GraphChanged g) {
                        work.graphChanged(g);
                    } else if (event instanceof BatchCommitted b) {
                        work.batchCommitted(b);
                    }
                });
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

    private void publish(ViewsReconciled event) {
        producer.send(new ProducerRecord<>(Topics.VIEWS, event.key(), Json.write(event)), (meta, e) -> {
            if (e != null) {
                LOG.warnf("could not publish ViewsReconciled for %s: %s", event.platform(), e.getMessage());
            }
        });
    }
}

package io.datasurface.modelservice.app;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.event.ModelRejected;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import io.datasurface.modelservice.deploy.EventPublisher;
import io.datasurface.modelservice.deploy.EventsNotPublished;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes in Kafka transactions: a deployment's ModelDeployed and all its GraphChanged events become
 * visible to {@code read_committed} consumers together, or not at all. Used by one thread at a time.
 */
final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    private final KafkaSettings kafka;
    private final Properties p;
    private KafkaProducer<String, String> producer;

    KafkaEventPublisher(KafkaSettings kafka, String transactionalId) {
        this.kafka = kafka;
        p = kafka.transactionalProducer(transactionalId);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    }

    @Override
    public void deployed(ModelDeployed deployed, List<GraphChanged> graphChanges) {
        inTransaction(() -> {
            send(Topics.MODELS, deployed);
            graphChanges.forEach(g -> send(Topics.GRAPH, g));
        });
    }

    @Override
    public void rejected(ModelRejected rejected) {
        inTransaction(() -> send(Topics.MODELS, rejected));
    }

    private void send(String topic, Event e) {
        producer.send(new ProducerRecord<>(topic, e.key(), Json.write(e)));
    }

    /**
     * Made on first use, so the service starts (and answers webhooks) while Kafka is still coming up. A failure
     * before the commit, or one whose transaction could be aborted, certainly published nothing
     * ({@link EventsNotPublished}); a commit that failed and could not be aborted (it timed out, say) may have.
     */
    private synchronized void inTransaction(Runnable sends) {
        boolean committing = false;
        try {
            if (producer == null) {
                TopicAdmin.ensure(kafka, KafkaTopics.NAMES, "datasurface-model-service");
                producer = new KafkaProducer<>(p);
                producer.initTransactions();
            }
            producer.beginTransaction();
            sends.run();
            committing = true;
            producer.commitTransaction();
        } catch (RuntimeException e) {
            boolean nothing = !committing || aborted();
            // start again with a new producer next time: its initTransactions aborts what this one left open
            close();
            String message = "cannot publish the deployment's events: " + e.getMessage();
            if (nothing) {
                throw new EventsNotPublished(message, e);
            }
            throw new DatasurfaceException(message + " (it is not known whether they were published)", true, e);
        }
    }

    private boolean aborted() {
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (KafkaException ignored) {
                // closing only
            }
            producer = null;
        }
    }
}

package io.datasurface.ingest.service;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.fault.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

/**
 * The ingest-service's transactional producers, one per step that may run at once, each with a transactional id
 * of its own that outlives it: a producer that broke is replaced by a new one of the same id, whose
 * {@code initTransactions} fences the old one and aborts what it left open. A step takes a producer and gives it
 * back.
 */
final class ProducerPool {
    private static final Logger LOG = Logger.getLogger(ProducerPool.class);
    /** A CDC stream's initial snapshot is one transaction: give it the broker's default maximum. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    private static final Backoff REMAKE = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final KafkaSettings kafka;
    private final BlockingQueue<KafkaProducer<String, String>> idle;
    private final Map<KafkaProducer<String, String>, String> ids = new ConcurrentHashMap<>();
    private final CountDownLatch stopped;

    ProducerPool(KafkaSettings kafka, int size, CountDownLatch stopped) {
        this.kafka = kafka;
        this.idle = new ArrayBlockingQueue<>(size);
        this.stopped = stopped;
    }

    /**
     * Makes the producers {@code prefix-0 ...} that are not made yet; their initTransactions abort what earlier
     * processes left open.
     */
    void open(String prefix, int size) {
        for (int i = 0; i < size; i++) {
            String id = prefix + "-" + i;
            if (!ids.containsValue(id)) {
                idle.add(newProducer(id));
            }
        }
    }

    KafkaProducer<String, String> take() throws InterruptedException {
        return idle.take();
    }

    void giveBack(KafkaProducer<String, String> producer) {
        idle.add(producer);
    }

    /** Closes a producer that cannot go on and puts a new one of its id in the pool, trying until the broker lets it. */
    void replace(KafkaProducer<String, String> broken) {
        String id = ids.remove(broken);
        broken.close(Duration.ofSeconds(5));
        for (int attempt = 1; stopped.getCount() > 0; attempt++) {
            try {
                idle.add(newProducer(id));
                return;
            } catch (RuntimeException e) {
                Duration wait = REMAKE.delay(attempt);
                LOG.warnf("cannot make Kafka producer %s again (retrying in %s): %s", id, wait, e.getMessage());
                try {
                    if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void closeAll() {
        idle.forEach(p -> p.close(Duration.ofSeconds(5)));
        idle.clear();
    }

    private KafkaProducer<String, String> newProducer(String id) {
        var props = kafka.transactionalProducer(id);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        KafkaProducer<String, String> p = new KafkaProducer<>(props);
        p.initTransactions();
        ids.put(p, id);
        return p;
    }
}

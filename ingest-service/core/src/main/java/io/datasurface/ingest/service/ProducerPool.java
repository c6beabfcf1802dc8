package io.datasurface.ingest.service;

import io.datasurface.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * The transactional producers of the assignment partitions this instance runs. Their transactional ids belong to
 * the partition, not to the instance: {@code {group}-a{partition}-{slot}}, {@code slots} of them per partition
 * ({@code producers-per-partition}), so the ids over all instances are {@code partitions × slots}, however many
 * streams there are. A step of a stream takes a producer of the stream's partition and gives it back; the
 * scheduler runs at most {@code slots} steps of one partition at once.
 *
 * <p>An instance assigned a partition {@link #open opens} all of its producers before it reads the partition's
 * streams' states: each {@code initTransactions} fences the producer of that id another instance still holds (a
 * process that is paused or cut off, but not gone) and aborts its open transaction, so the states read after are
 * the last ones anybody can commit. A producer that finds itself fenced is never made again by the step that
 * found it: the partition went to another instance; see {@link IngestLoop}.
 */
final class ProducerPool {
    private static final Logger LOG = Logger.getLogger(ProducerPool.class);
    /** A CDC stream's initial snapshot is one transaction: give it the broker's default maximum. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final KafkaSettings kafka;
    private final String prefix;
    private final int slots;
    private final Map<Integer, BlockingQueue<KafkaProducer<String, String>>> idle = new ConcurrentHashMap<>();
    /** Every producer made and not closed, with its partition. */
    private final Map<KafkaProducer<String, String>, Integer> partitionOf = new ConcurrentHashMap<>();

    /**
     * @param prefix the start of every transactional id: the consumer group's name, so that instances of another
     *               group (another installation on the same brokers) never fence these
     */
    ProducerPool(KafkaSettings kafka, String prefix, int slots) {
        this.kafka = kafka;
        this.prefix = prefix;
        this.slots = slots;
    }

    /** The transactional id of a partition's slot. */
    static String transactionalId(String prefix, int partition, int slot) {
        return prefix + "-a" + partition + "-" + slot;
    }

    /**
     * Makes the partition's producers, fencing every other producer of their ids and aborting what those left open.
     *
     * @throws KafkaException when the broker does not let it; none of the partition's producers is kept then
     */
    void open(int partition) {
        close(partition);
        List<KafkaProducer<String, String>> made = new ArrayList<>();
        try {
            for (int slot = 0; slot < slots; slot++) {
                made.add(newProducer(transactionalId(prefix, partition, slot)));
            }
        } catch (RuntimeException e) {
            made.forEach(p -> p.close(Duration.ZERO));
            throw e;
        }
        made.forEach(p -> partitionOf.put(p, partition));
        idle.put(partition, new LinkedBlockingQueue<>(made));
    }

    /** Whether the partition's producers are made (and not closed since). */
    boolean opened(int partition) {
        return idle.containsKey(partition);
    }

    /**
     * Fences the ids an instance of an earlier release used ({@code datasurface-ingest-{instance}-{n}}), so that a
     * transaction a killed process of it left open does not hold back readers of the state topic.
     */
    void fenceEarlierIds(String instancePrefix, int count) {
        for (int i = 0; i < count; i++) {
            try {
                newProducer(instancePrefix + "-" + i).close(CLOSE_WAIT);
            } catch (KafkaException e) {
                LOG.debugf("cannot fence %s-%d: %s", instancePrefix, i, e.getMessage());
            }
        }
    }

    /**
     * A producer of the partition for a step; null when the partition has none idle (it is not run here any more,
     * its producers were found broken, or its steps hold them all).
     */
    KafkaProducer<String, String> take(int partition) {
        BlockingQueue<KafkaProducer<String, String>> q = idle.get(partition);
        return q == null ? null : q.poll();
    }

    /**
     * A producer of the partition, waiting up to {@code wait} for one of its steps to give one back; null when none
     * came back in that time or the partition has no producers here.
     */
    KafkaProducer<String, String> take(int partition, Duration wait) throws InterruptedException {
        BlockingQueue<KafkaProducer<String, String>> q = idle.get(partition);
        return q == null ? null : q.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gives a step's producer back; one of a partition closed meanwhile is closed. */
    void giveBack(KafkaProducer<String, String> producer) {
        Integer partition = partitionOf.get(producer);
        BlockingQueue<KafkaProducer<String, String>> q = partition == null ? null : idle.get(partition);
        if (q == null) {
            discard(producer);
        } else {
            q.add(producer);
        }
    }

    /** Closes a producer that cannot go on, at once (it is fenced, or its transaction is in doubt). */
    void discard(KafkaProducer<String, String> producer) {
        partitionOf.remove(producer);
        producer.close(Duration.ZERO);
    }

    /**
     * Closes the partition's idle producers, at once (an idle one has no transaction open); those its steps still
     * hold are closed when given back.
     */
    void close(int partition) {
        BlockingQueue<KafkaProducer<String, String>> q = idle.remove(partition);
        if (q != null) {
            q.forEach(p -> {
                partitionOf.remove(p);
                p.close(Duration.ZERO);
            });
        }
        partitionOf.values().removeIf(p -> p == partition);
    }

    void closeAll() {
        List.copyOf(idle.keySet()).forEach(this::close);
    }

    private KafkaProducer<String, String> newProducer(String id) {
        var props = kafka.transactionalProducer(id);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        KafkaProducer<String, String> p = new KafkaProducer<>(props);
        try {
            p.initTransactions();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
        return p;
    }
}

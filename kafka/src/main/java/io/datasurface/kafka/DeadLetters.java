package io.datasurface.kafka;

import io.datasurface.model.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * The dead-letter topic ({@code datasurface.dead-letters}): where a service puts a record it cannot read or
 * apply, as it was (same key and value), with headers that say which service, why, and where the record was:
 * {@value #SERVICE}, {@value #REASON}, {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}, {@value #STREAM}
 * (when the record belongs to a stream) and {@value #AT}. A record read again after a restart is put there again,
 * with the same coordinates. Reasons never hold a secret.
 */
public final class DeadLetters implements AutoCloseable {
    public static final String SERVICE = "datasurface.dlq.service";
    public static final String REASON = "datasurface.dlq.reason";
    public static final String TOPIC = "datasurface.dlq.topic";
    public static final String PARTITION = "datasurface.dlq.partition";
    public static final String OFFSET = "datasurface.dlq.offset";
    public static final String STREAM = "datasurface.dlq.stream";
    public static final String AT = "datasurface.dlq.at";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaProducer<String, String> producer;
    private final String service;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();

    public DeadLetters(KafkaSettings kafka, String service, Clock clock) {
        this.producer = new KafkaProducer<>(kafka.producer(service + "-dead-letters"));
        this.service = service;
        this.clock = clock;
    }

    /**
     * Puts the record on the dead-letter topic and logs why.
     *
     * @param stream the stream the record belongs to, or null when it cannot be told
     */
    public void send(ConsumerRecord<String, String> record, String stream, String reason) {
        sent.incrementAndGet();
        LOG.warnf("%s-%d offset %d%s: %s; put on %s", record.topic(), record.partition(), record.offset(),
                stream == null ? "" : " (" + stream + ")", reason, Topics.DEAD_LETTERS);
        Headers headers = headers(service, reason, record.topic(), record.partition(), record.offset(), stream, clock);
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(), headers),
                (meta, e) -> {
                    if (e != null) {
                        LOG.errorf("could not put %s-%d offset %d on %s: %s", record.topic(), record.partition(),
                                record.offset(), Topics.DEAD_LETTERS, e.getMessage());
                    }
                });
    }

    /** Records put on the dead-letter topic by this service since it started. */
    public long sent() {
        return sent.get();
    }

    /** A record of the dead-letter topic: the record as it was, and what the service said of it. */
    public record Letter(String key, String value, String service, String reason, String topic, int partition,
                         long offset, String stream) {
    }

    /** Every record on the dead-letter topic now, oldest first: for operators' tools and tests. */
    public static List<Letter> read(KafkaSettings kafka) {
        List<Letter> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(kafka.consumer("datasurface-dead-letters-reader"))) {
            List<TopicPartition> parts = GraphFollower.partitions(c, Topics.DEAD_LETTERS);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    String partition = header(r, PARTITION);
                    String offset = header(r, OFFSET);
                    out.add(new Letter(r.key(), r.value(), header(r, SERVICE), header(r, REASON), header(r, TOPIC),
                            partition == null ? -1 : Integer.parseInt(partition),
                            offset == null ? -1 : Long.parseLong(offset), header(r, STREAM)));
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The headers of a dead letter. */
    public static Headers headers(String service, String reason, String topic, int partition, long offset,
                                  String stream, Clock clock) {
        Headers h = new RecordHeaders();
        h.add(SERVICE, bytes(service));
        h.add(REASON, bytes(reason));
        h.add(TOPIC, bytes(topic));
        h.add(PARTITION, bytes(Integer.toString(partition)));
        h.add(OFFSET, bytes(Long.toString(offset)));
        if (stream != null) {
            h.add(STREAM, bytes(stream));
        }
        h.add(AT, bytes(clock.instant().toString()));
        return h;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

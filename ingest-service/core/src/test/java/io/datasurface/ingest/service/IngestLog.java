package io.datasurface.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.kafka.EventRecords;
import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What a platform's streams committed on {@code datasurface.ingest}, as a merge-service reads it (read_committed). */
final class IngestLog implements AutoCloseable {
    private final Map<String, List<Event>> byStream = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    IngestLog(KafkaSettings kafka, String platform) {
        consumer = new KafkaConsumer<>(kafka.consumer("ingest-log-" + platform));
        List<TopicPartition> parts = GraphFollower.partitions(consumer, Topics.INGEST);
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(() -> {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(platform + "/")) {
                        EventRecords.Decoded d = EventRecords.decode(r);
                        if (d.ok()) {
                            byStream.computeIfAbsent(r.key(), k -> java.util.Collections.synchronizedList(
                                    new ArrayList<>())).add(d.event());
                        }
                    }
                }
            }
        }, "ingest-log");
        thread.start();
    }

    private List<Event> events(String stream) {
        List<Event> e = byStream.getOrDefault(stream, List.of());
        synchronized (e) {
            return List.copyOf(e);
        }
    }

    /** When each batch of the stream was sealed, by the instance that sealed it. */
    List<Instant> sealed(String stream) {
        return events(stream).stream().filter(e -> e instanceof BatchSealed).map(e -> ((BatchSealed) e).sealedAt())
                .toList();
    }

    /**
     * Each batch of the stream started once and sealed once, numbered 1, 2, ... with no gap; each chunk of a
     * batch once, numbered from 0, as many as the seal says.
     */
    void assertEachBatchOnce(String stream) {
        List<Event> events = events(stream);
        List<Long> started = events.stream().filter(e -> e instanceof BatchStarted)
                .map(e -> ((BatchStarted) e).batchId()).toList();
        List<BatchSealed> seals = events.stream().filter(e -> e instanceof BatchSealed).map(e -> (BatchSealed) e)
                .toList();
        List<Long> sealedIds = seals.stream().map(BatchSealed::batchId).toList();
        assertThat(started).as("%s: batches started", stream)
                .isEqualTo(LongStream.rangeClosed(1, started.size()).boxed().toList());
        assertThat(sealedIds).as("%s: batches sealed", stream)
                .isEqualTo(LongStream.rangeClosed(1, sealedIds.size()).boxed().toList());
        assertThat(started.size() - sealedIds.size()).as("%s: open batches", stream).isBetween(0, 1);
        for (BatchSealed seal : seals) {
            for (var d : seal.datasets()) {
                List<Integer> chunks = events.stream().filter(e -> e instanceof RowChunk c
                        && c.batchId() == seal.batchId() && c.dataset().equals(d.dataset()))
                        .map(e -> ((RowChunk) e).sequence()).toList();
                assertThat(chunks).as("%s batch %d: chunks of %s", stream, seal.batchId(), d.dataset())
                        .isEqualTo(java.util.stream.IntStream.range(0, d.chunks()).boxed().toList());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        consumer.close();
    }
}

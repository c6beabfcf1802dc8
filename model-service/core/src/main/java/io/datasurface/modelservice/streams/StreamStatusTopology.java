package io.datasurface.modelservice.streams;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.Topics;
import io.datasurface.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The stream-status table: {@code datasurface.ingest} (without the row chunks), {@code datasurface.batches}
 * and {@code datasurface.stream-status}, all keyed by stream, merged and folded per stream into a
 * {@link StreamProgress} in the store {@link #STORE}.
 *
 * <p>The three topics have different partition counts, so a stream's records may sit in partition 2 of one
 * and partition 0 of another; they go through one repartition topic (1 partition: the events are few and
 * small once the chunks are gone) so that every stream's events meet in one task and one row of the store.
 */
public final class StreamStatusTopology {
    /** The queryable store: stream key → {@link StreamProgress}. */
    public static final String STORE = "stream-status";
    /** The topics the topology reads; it cannot start before they exist. */
    public static final List<String> SOURCES = List.of(Topics.INGEST, Topics.BATCHES, Topics.STREAM_STATUS);

    private static final byte[] ROW_CHUNK = "{\"type\":\"RowChunk\"".getBytes(StandardCharsets.UTF_8);

    private StreamStatusTopology() {
    }

    public static Topology build() {
        StreamsBuilder b = new StreamsBuilder();
        KStream<String, Event> ingest = events(b, Topics.INGEST);
        KStream<String, Event> batches = events(b, Topics.BATCHES);
        KStream<String, Event> status = events(b, Topics.STREAM_STATUS);
        ingest.merge(batches, Named.as("ingest-and-batches")).merge(status, Named.as("all-events"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(Event.class))
                        .withName("by-stream").withNumberOfPartitions(1))
                .groupByKey(Grouped.with(Serdes.String(), new JsonSerde<>(Event.class)))
                .aggregate(StreamProgress::empty, (key, event, row) -> row.apply(key, event),
                        Materialized.<String, StreamProgress>as(Stores.inMemoryKeyValueStore(STORE))
                                .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(StreamProgress.class)));
        return b.build();
    }

    /** A record the table cannot read; {@link DeadLetterHandler} puts it on the dead-letter topic. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A topic's events that the table uses; row chunks (large) are dropped before they are parsed. A record that
     * is not an event, or is keyed otherwise than its event, throws {@link Unreadable}.
     */
    private static KStream<String, Event> events(StreamsBuilder b, String topic) {
        String name = topic.substring(topic.indexOf('.') + 1);
        return b.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name))
                .flatMapValues((k, v) -> parse(k, v), Named.as(name + "-events"));
    }

    static List<Event> parse(String key, byte[] value) {
        if (value == null || isRowChunk(value)) {
            return List.of();
        }
        Event e;
        try {
            e = Json.mapper().readValue(value, Event.class);
        } catch (IOException | RuntimeException ex) {
            throw new Unreadable("not an event: " + ex.getMessage());
        }
        if (e.malformed().isPresent()) {
            throw new Unreadable(e.malformed().get());
        }
        if (key == null || !key.equals(e.key())) {
            throw new Unreadable("a record keyed " + key + " holds an event of " + e.key());
        }
        return e instanceof BatchStarted || e instanceof BatchSealed || e instanceof BatchCommitted
                || e instanceof StreamStatus ? List.of(e) : List.of();
    }

    /** Whether a record is a RowChunk, from its first bytes (the JSON mapping writes the type tag first). */
    static boolean isRowChunk(byte[] value) {
        return value.length >= ROW_CHUNK.length
                && Arrays.equals(value, 0, ROW_CHUNK.length, ROW_CHUNK, 0, ROW_CHUNK.length);
    }
}

package io.datasurface.kafka;

import io.datasurface.model.event.Event;
import io.datasurface.model.json.Json;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The one way a service reads an event from a record, and says why a record holds none it can use. */
public final class EventRecords {
    private EventRecords() {
    }

    /** A record read: its event, or why it holds none a service can act on. */
    public record Decoded(Event event, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * The record's event, unless the record is empty, is not an event this release reads, lacks a part the event
     * needs ({@link Event#malformed()}), or has no key or another key than its event's (events are keyed by stream or
     * platform, which is what keeps them in order).
     */
    public static Decoded decode(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return new Decoded(null, "an empty record (a tombstone) where events are expected");
        }
        Event event;
        try {
            event = Json.read(record.value(), Event.class);
        } catch (RuntimeException e) {
            return new Decoded(null, e.getMessage());
        }
        Optional<String> malformed = event.malformed();
        if (malformed.isPresent()) {
            return new Decoded(event, malformed.get());
        }
        if (record.key() == null) {
            return new Decoded(event, "a record without a key (" + event.getClass().getSimpleName() + " of "
                    + event.key() + "); events are keyed by " + event.key());
        }
        if (!record.key().equals(event.key())) {
            return new Decoded(event, "a record keyed " + record.key() + " holds an event of " + event.key());
        }
        return new Decoded(event, null);
    }
}

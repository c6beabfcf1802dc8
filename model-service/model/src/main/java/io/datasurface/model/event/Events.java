package io.datasurface.model.event;

import io.datasurface.model.json.Json;

/** Reads and writes events in their one JSON form. */
public final class Events {
    private Events() {
    }

    public static String toJson(Event event) {
        return Json.write(event);
    }

    /**
     * @throws IllegalArgumentException when the text is not a known event
     */
    public static Event fromJson(String json) {
        return Json.read(json, Event.class);
    }
}

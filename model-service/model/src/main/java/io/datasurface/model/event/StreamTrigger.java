package io.datasurface.model.event;

import java.time.Instant;

/** A request from outside to run a stream's next step now (streams with an external trigger). */
public record StreamTrigger(String platform, String stream, String requestedBy, Instant requestedAt)
        implements Event {
    @Override
    public String key() {
        return stream;
    }
}

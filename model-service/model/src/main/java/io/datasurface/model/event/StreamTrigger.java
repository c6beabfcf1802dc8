package io.datasurface.model.event;

import java.time.Instant;
import java.util.Optional;

/** A request from outside to run a stream's next step now (streams with an external trigger). */
public record StreamTrigger(String platform, String stream, String requestedBy, Instant requestedAt)
        implements Event {
    @Override
    public Optional<String> malformed() {
        return stream == null || platform == null ? Optional.of("StreamTrigger without its stream or platform")
                : Optional.empty();
    }

    @Override
    public String key() {
        return stream;
    }
}

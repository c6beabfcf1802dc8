package io.datasurface.model.event;

import io.datasurface.model.graph.GraphDiff;
import java.time.Instant;

/** A platform's pipeline graph changed with a deployment; {@code diff} says how. */
public record GraphChanged(String platform, String modelVersion, String commit, GraphDiff diff, Instant changedAt)
        implements Event {
    @Override
    public String key() {
        return platform;
    }
}

package io.datasurface.model.event;

import io.datasurface.model.graph.GraphDiff;
import java.time.Instant;
import java.util.Optional;

/** A platform's pipeline graph changed with a deployment; {@code diff} says how. */
public record GraphChanged(String platform, String modelVersion, String commit, GraphDiff diff, Instant changedAt)
        implements Event {
    @Override
    public Optional<String> malformed() {
        if (platform == null || diff == null) {
            return Optional.of("GraphChanged without " + (platform == null ? "its platform" : "a diff"));
        }
        return platform.equals(diff.platform()) ? Optional.empty()
                : Optional.of("GraphChanged of platform " + platform + " holds a diff of platform " + diff.platform());
    }

    @Override
    public String key() {
        return platform;
    }
}

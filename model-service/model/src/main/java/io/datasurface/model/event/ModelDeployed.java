package io.datasurface.model.event;

import java.time.Instant;
import java.util.List;

/**
 * A model version became the current model. {@code modelVersion} is its folder name
 * ({@code model-EPOCHSECONDS}); {@code executionId} the deployment's execution.
 */
public record ModelDeployed(String modelVersion, String commit, String sourceRepo, String executionId,
                            List<String> platforms, Instant deployedAt) implements Event {
    public ModelDeployed {
        platforms = List.copyOf(platforms);
    }

    @Override
    public String key() {
        return commit;
    }
}

package io.datasurface.modelservice.deploy;

import io.datasurface.model.problem.Problem;
import java.util.List;

/** How a deployment ended; {@code duplicate} when the commit had been deployed (or rejected) before. */
public record DeploymentResult(String commit, DeploymentStatus status, boolean duplicate, String modelVersion,
                               List<Problem> problems, String error) {
    public DeploymentResult {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

package io.datasurface.modelservice.deploy;

import io.datasurface.model.problem.Problem;
import java.time.Instant;
import java.util.List;

/**
 * One requested deployment: which commit from which repo, what became of it ({@code status}), the
 * model version it made current, and every problem that stopped it.
 */
public record DeploymentRecord(String id, String commit, String sourceRepo, String source, DeploymentStatus status,
                               String executionId, String modelVersion, List<Problem> problems, String error,
                               Instant requestedAt, Instant finishedAt) {
    public DeploymentRecord {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

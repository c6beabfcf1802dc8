package io.datasurface.model.event;

import io.datasurface.model.problem.Problem;
import java.time.Instant;
import java.util.List;

/** A pushed model version was not deployed, with every problem found; the current model stays. */
public record ModelRejected(String commit, String sourceRepo, List<Problem> problems, Instant rejectedAt)
        implements Event {
    public ModelRejected {
        problems = List.copyOf(problems);
    }

    @Override
    public String key() {
        return commit;
    }
}

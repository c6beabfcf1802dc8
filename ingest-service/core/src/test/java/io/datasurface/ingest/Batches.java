package io.datasurface.ingest;

import io.datasurface.model.batch.BatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one batch step by step as run-job does: each step has its own reader (a new process and
 * connection); rows count once a checkpoint follows them, or when the batch finishes; rows after the
 * last checkpoint of a step that yields are dropped and read again by the next step.
 */
public final class Batches {
    /** What a batch committed: its rows (dataset, values) in order, its position, steps and restart points. */
    public record Result(List<RecordingSink.Event> rows, String position, int steps, List<String> restartPoints) {
        public List<List<Object>> rows(String dataset) {
            return rows.stream().filter(e -> e.dataset().equals(dataset)).map(RecordingSink.Event::values).toList();
        }
    }

    private Batches() {
    }

    public static Result run(Supplier<BatchSource> readers, String previousPosition, int maxChunks) {
        return run(readers, previousPosition, maxChunks, step -> { });
    }

    /** @param betweenSteps called with the step number after each step that yielded */
    public static Result run(Supplier<BatchSource> readers, String previousPosition, int maxChunks,
                             Consumer<Integer> betweenSteps) {
        List<RecordingSink.Event> committed = new ArrayList<>();
        List<String> restartPoints = new ArrayList<>();
        String restartPoint = null;
        for (int step = 1; step <= 10_000; step++) {
            RecordingSink sink = new RecordingSink();
            BatchSource.ReadOutcome outcome;
            try (BatchSource reader = readers.get()) {
                outcome = reader.read(restartPoint, previousPosition, maxChunks, sink);
            }
            List<RecordingSink.Event> pending = new ArrayList<>();
            for (RecordingSink.Event e : sink.events()) {
                if (e.kind().equals("checkpoint")) {
                    committed.addAll(pending);
                    pending.clear();
                    restartPoint = e.restartPoint();
                    restartPoints.add(restartPoint);
                } else {
                    pending.add(e);
                }
            }
            if (outcome.finished()) {
                committed.addAll(pending);
                return new Result(committed, outcome.sourcePosition(), step, restartPoints);
            }
            betweenSteps.accept(step);
        }
        throw new AssertionError("the batch did not finish in 10,000 steps");
    }
}

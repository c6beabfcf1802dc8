package io.datasurface.merge.job;

import io.datasurface.model.event.DatasetCounts;
import java.util.List;

/**
 * The result of one step of a stream. Counts are those of the committed batch (DONE), or zero.
 * {@code rowsStaged} is the rows of the batch staged so far; {@code message} explains an ERROR.
 */
public record StepResult(StepOutcome outcome, String stream, long batchId, List<DatasetCounts> counts,
                         long rowsStaged, double seconds, boolean retriable, String message) {
    public StepResult {
        counts = List.copyOf(counts);
    }

    public long inserted() {
        return counts.stream().mapToLong(DatasetCounts::inserted).sum();
    }

    public long updated() {
        return counts.stream().mapToLong(DatasetCounts::updated).sum();
    }

    public long deleted() {
        return counts.stream().mapToLong(DatasetCounts::deleted).sum();
    }

    /** One line: {@code stream yellow_live/customers batch 3: 2 inserted, 1 updated, 0 deleted in 0.41 s}. */
    public String summary() {
        String head = "stream " + stream + (batchId > 0 ? " batch " + batchId : "") + ": ";
        return switch (outcome) {
            case DONE -> head + inserted() + " inserted, " + updated() + " updated, " + deleted() + " deleted in "
                    + String.format("%.2f", seconds) + " s";
            case KEEP_WORKING -> head + rowsStaged + " rows staged so far, more to read (" + String.format("%.2f", seconds)
                    + " s)";
            case ERROR -> head + message;
        };
    }
}

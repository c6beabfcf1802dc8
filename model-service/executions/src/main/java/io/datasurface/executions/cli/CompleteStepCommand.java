package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.Ids;
import io.datasurface.model.fault.DatasurfaceException;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code complete-step STEP_ID [ROWS_PROCESSED]}: prints nothing. */
@Command(name = "complete-step",
        description = "Mark a step complete, optionally with the number of rows it processed. Prints nothing.")
final class CompleteStepCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "STEP_ID", description = "An id printed by init-step.")
    String stepId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ROWS_PROCESSED",
            description = "Rows the step processed: a whole number from 0 to 9223372036854775807 (BIGINT).")
    String rowsProcessed;

    @Override
    public String run(Supplier<ExecutionStore> store) {
        UUID step = Ids.parse(stepId, "step id");
        OptionalLong rows = rowsProcessed == null || rowsProcessed.isBlank() ? OptionalLong.empty()
                : OptionalLong.of(rows(rowsProcessed));
        store.get().completeStep(step, rows);
        return null;
    }

    private static long rows(String text) {
        try {
            long rows = Long.parseLong(text.strip());
            if (rows >= 0) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new DatasurfaceException("ROWS_PROCESSED '" + text + "' is not a whole number from 0 to "
                + Long.MAX_VALUE, false);
    }
}

package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.Ids;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code complete-execution ID}: prints nothing. */
@Command(name = "complete-execution",
        description = {"Mark an execution complete: it becomes the last successful execution. Prints nothing.",
            "Steps not completed by then are named in a warning."})
final class CompleteExecutionCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "An id printed by init-execution.")
    String executionId;

    @Override
    public String run(Supplier<ExecutionStore> store) {
        UUID id = Ids.parse(executionId, "execution id");
        store.get().completeExecution(id);
        return null;
    }
}

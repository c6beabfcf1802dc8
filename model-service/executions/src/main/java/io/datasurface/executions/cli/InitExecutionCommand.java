package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** {@code init-execution}: starts an execution, prints its id. */
@Command(name = "init-execution",
        description = "Mark the start of a new execution of the pipeline and print its id (a GUID).")
final class InitExecutionCommand extends StoreCommand {
    @Override
    public String run(Supplier<ExecutionStore> store) {
        return store.get().initExecution().toString();
    }
}

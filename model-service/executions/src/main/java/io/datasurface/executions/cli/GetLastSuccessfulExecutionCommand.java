package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** {@code get-last-successful-execution}: the execution completed last, or an empty line. */
@Command(name = "get-last-successful-execution",
        description = {"Print the id of the execution completed last (by complete-execution), or an empty line "
                + "when none has completed. Executions still running are ignored."})
final class GetLastSuccessfulExecutionCommand extends StoreCommand {
    @Override
    public String run(Supplier<ExecutionStore> store) {
        return store.get().lastSuccessfulExecution().map(UUID::toString).orElse("");
    }
}

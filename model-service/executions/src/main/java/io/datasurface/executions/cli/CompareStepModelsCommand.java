package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.Ids;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code compare-step-models STEP_ID PREVIOUS_EXECUTION_ID}: models added or changed, comma-separated. */
@Command(name = "compare-step-models",
        description = {"Print the names of the step's models that are new or changed since the previous "
                + "execution's step of the same name: sorted, comma-separated, an empty line when none.",
            "With no previous execution (an empty PREVIOUS_EXECUTION_ID) every model is listed. Models deleted "
                + "since are not listed."})
final class CompareStepModelsCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "STEP_ID", description = "An id printed by init-step.")
    String stepId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PREVIOUS_EXECUTION_ID",
            description = "The execution to compare with, usually what get-last-successful-execution printed; "
                    + "empty (\"\") or left out for none.")
    String previousExecutionId;

    @Override
    public String run(Supplier<ExecutionStore> store) {
        UUID step = Ids.parse(stepId, "step id");
        UUID previous = previousExecutionId == null || previousExecutionId.isBlank() ? null
                : Ids.parse(previousExecutionId, "previous execution id");
        return String.join(",", store.get().compareStepModels(step, previous));
    }
}

package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.Ids;
import io.datasurface.executions.ModelChecksums;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code init-step ID STEP_NAME BASE_PATH PATTERN...}: checksums the model files, prints the step id. */
@Command(name = "init-step",
        description = {"Start a step of an execution: record the SHA-256 of every model file matching the "
                + "patterns under BASE_PATH, and print the step's id (a GUID).",
            "A model's name is its file name without extension and must be unique within the step; two files "
                + "with the same name are an error that names both."})
final class InitStepCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "An id printed by init-execution.")
    String executionId;

    @Parameters(index = "1", paramLabel = "STEP_NAME",
            description = "The step, e.g. LOAD or TRANSFORM; compare-step-models compares steps of the same name.")
    String stepName;

    @Parameters(index = "2", paramLabel = "BASE_PATH", description = "The folder holding the model files.")
    Path basePath;

    @Parameters(index = "3..*", arity = "1..*", paramLabel = "PATTERN",
            description = {"Unix-style patterns relative to BASE_PATH: *.sql, **/*.json, ./group/**/*.csv. "
                    + "* and ? stay within a folder, ** spans folders, [a-z] and [!a-z] match a character; "
                    + "names starting with a dot match only patterns that start with one.",
                "Quote them so that the shell does not expand them. A pattern matching nothing is fine."})
    List<String> patterns;

    @Override
    public String run(Supplier<ExecutionStore> store) {
        UUID id = Ids.parse(executionId, "execution id");
        ModelChecksums models = ModelChecksums.ofFiles(basePath, patterns);
        return store.get().initStep(id, stepName, models).toString();
    }
}

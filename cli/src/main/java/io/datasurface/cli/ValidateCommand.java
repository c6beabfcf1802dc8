package io.datasurface.cli;

import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code datasurface validate}: load and lint a model. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Load and lint a model: one line per problem with file, line and severity, then a summary.",
            "Exit code 0 when there are no errors (warnings allowed), 1 otherwise."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model folder (its root holds "
            + "the Ecosystem YAML and dsg_platform_mapping.json).")
    Path model;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or github (GitHub Actions annotations). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        ModelDirs.requireFolder(model, "--model");
        LoadResult result = Linter.validate(model);
        ProblemReport report = new ProblemReport(result.problems());
        report.print(spec.commandLine().getOut(), format, model, "model " + model);
        return report.hasErrors() ? Errors.FAILURE : 0;
    }
}

package io.datasurface.cli;

import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code datasurface up}. The event pipeline does not exist yet, so for now this validates the model
 * (the bundled example by default) and prints its pipeline graph, and says so.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the whole system on this machine (embedded Kafka and PostgreSQL).",
            "NOT BUILT YET: today this only validates the model (the example in docs/examples/mvp unless --model "
                    + "is given) and prints the pipeline graph it would run."})
final class UpCommand implements Callable<Integer> {
    /** Set by the ./datasurface launcher to the repository root. */
    static final String HOME_PROPERTY = "datasurface.home";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Run this model instead of the bundled example.")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = model != null ? model : exampleModel();
        ModelDirs.requireFolder(dir, "--model");
        out.println("datasurface up: the ingest-service is not built yet, and 'up' does not start the model, merge "
                + "and view services yet, so this is all it does today:");
        out.println("  it validates the model and prints the pipeline graph the platform would run. Nothing is "
                + "started and no data moves.");
        out.println();
        LoadResult result = Linter.validate(dir);
        ProblemReport report = new ProblemReport(result.problems());
        report.print(out, OutputFormat.text, dir, "model " + dir);
        if (report.hasErrors()) {
            return Errors.FAILURE;
        }
        out.println();
        GraphBuilder.buildAll(result.model()).values().forEach(g -> GraphText.print(g, out));
        out.println("What works today: 'datasurface validate', 'check-changes' and 'graph' on your own model, "
                + "'datasurface run-job' to move data from a source into the merge store, 'datasurface reconcile-views' "
                + "to give workspaces their views, and 'datasurface executions' to track pipeline runs; see README.md.");
        out.flush();
        return 0;
    }

    private static Path exampleModel() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of("");
        Path example = base.resolve("docs/examples/mvp");
        if (!Files.isDirectory(example)) {
            throw new IllegalArgumentException("the example model " + example.toAbsolutePath() + " is missing; run "
                    + "from the repository root or pass --model DIR");
        }
        return example;
    }
}

package io.datasurface.cli;

import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasurface graph}: each platform's pipeline graph. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the pipeline graph of each platform (or one): the ingestion streams it runs and the "
                + "workspace views it exports.",
            "A model with errors has no graph: its problems are printed and the exit code is 1."})
final class GraphCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model folder.")
    Path model;

    @Option(names = "--platform", paramLabel = "NAME", description = "Only this platform's graph.")
    String platform;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (stable: sorted, suitable for diffs). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        ModelDirs.requireFolder(model, "--model");
        LoadResult result = Linter.validate(model);
        PrintWriter out = spec.commandLine().getOut();
        if (result.hasErrors()) {
            PrintWriter err = spec.commandLine().getErr();
            new ProblemReport(result.problems()).print(err, OutputFormat.text, model, "model " + model);
            err.println("Fix the errors above; a model with errors has no pipeline graph.");
            return Errors.FAILURE;
        }
        Map<String, PipelineGraph> graphs = GraphBuilder.buildAll(result.model());
        if (platform != null) {
            PipelineGraph g = graphs.get(platform);
            if (g == null) {
                throw new IllegalArgumentException("platform '" + platform + "' is not declared by the ecosystem; "
                        + "its platforms are: " + String.join(", ", graphs.keySet()));
            }
            graphs = Map.of(platform, g);
        }
        if (format == Format.json) {
            out.println(Json.writePretty(platform != null ? graphs.get(platform) : graphs));
        } else {
            graphs.values().forEach(g -> GraphText.print(g, out));
        }
        out.flush();
        return 0;
    }
}

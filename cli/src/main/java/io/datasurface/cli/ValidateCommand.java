package io.datasurface.cli;

import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.model.Dataset;
import io.datasurface.model.Datastore;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code datasurface validate}: load and lint a model, and with {@code --check-sources} check it against its sources. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Load and lint a model: one line per problem with file, line and severity, then a summary.",
            "With --check-sources, also check every dataset a platform reads against its source table, as its "
                + "reader would before its first batch (the table and columns exist, each source type fits the "
                + "model's type, an enum names the source's values, change data capture can carry the columns), "
                + "without reading a row.",
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

    @Option(names = "--check-sources", description = "Also connect to each source and check the datasets the "
            + "platforms read against their tables (problems source-mismatch and source-unreachable).")
    boolean checkSources;

    @Option(names = "--credential-store", defaultValue = "env", paramLabel = "env|file:DIR",
            description = "With --check-sources: where the sources' credentials are: env (<NAME>_USER, "
                    + "<NAME>_PASSWORD) or file:DIR (DIR/<name>/user, DIR/<name>/password). Default: ${DEFAULT-VALUE}.")
    String credentialStore;

    @Override
    public Integer call() {
        ModelDirs.requireFolder(model, "--model");
        LoadResult result = Linter.validate(model);
        Problems problems = new Problems();
        problems.addAll(result.problems());
        if (checkSources) {
            if (result.hasErrors()) {
                spec.commandLine().getErr().println("Sources not checked: fix the model's errors first.");
            } else {
                checkSources(result, problems);
            }
        }
        ProblemReport report = new ProblemReport(problems.sorted());
        report.print(spec.commandLine().getOut(), format, model, "model " + model);
        return report.hasErrors() ? Errors.FAILURE : 0;
    }

    /** Each stream of each platform, a datastore's datasets checked once however many platforms read them. */
    private void checkSources(LoadResult result, Problems problems) {
        SourceConnections sources = new SourceConnections(CredentialStore.parse(credentialStore), "datasurface-validate");
        Set<String> checked = new HashSet<>();
        Set<String> unreachable = new HashSet<>();
        for (PlatformDef platform : result.model().platforms()) {
            for (IngestionNode node : GraphBuilder.build(result.model(), platform.name()).streams()) {
                Datastore store = result.model().datastore(node.store()).orElseThrow();
                boolean unchecked = false;
                for (DatasetSpec dataset : node.datasets()) {
                    unchecked |= checked.add(store.name() + "/" + dataset.name());
                }
                if (!unchecked || unreachable.contains(store.name())) {
                    continue;
                }
                spec.commandLine().getErr().println("Checking the source of " + node.key() + " ...");
                try {
                    for (Map.Entry<String, String> misfit : sources.check(node).entrySet()) {
                        Location at = store.datasets().stream().filter(d -> d.name().equals(misfit.getKey()))
                                .findFirst().map(Dataset::at).orElse(store.at());
                        problems.error(at, "source-mismatch", misfit.getValue());
                    }
                } catch (DatasurfaceException e) {
                    unreachable.add(store.name());
                    problems.error(store.at(), "source-unreachable", "datastore '" + store.name() + "': "
                            + e.getMessage());
                }
            }
        }
    }
}

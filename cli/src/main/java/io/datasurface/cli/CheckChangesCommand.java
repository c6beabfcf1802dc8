package io.datasurface.cli;

import io.datasurface.model.change.ChangeChecker;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasurface check-changes}: lint head, then authorization and compatibility against base. */
@Command(name = "check-changes", mixinStandardHelpOptions = true,
        description = {"Check a proposed model version (head) against the current one (base), as a pull-request "
                + "check would: lint head; every change must come from the repo that owns the changed object; "
                + "schemas may only change backwards compatibly.",
            "Exit code 0 when there are no errors (warnings allowed), 1 otherwise."})
final class CheckChangesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "DIR", description = "The current (deployed) model folder.")
    Path base;

    @Option(names = "--head", required = true, paramLabel = "DIR", description = "The proposed model folder.")
    Path head;

    @Option(names = "--source-repo", required = true, paramLabel = "REPO",
            description = "The repo proposing the change, spelled as the model spells repos, e.g. "
                    + "github:acme/crm-model@main.")
    String sourceRepo;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or github (GitHub Actions annotations). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        ModelDirs.requireFolder(base, "--base");
        ModelDirs.requireFolder(head, "--head");
        LoadResult headResult = Linter.validate(head);
        LoadResult baseResult = ModelLoader.load(base);
        Problems all = new Problems();
        all.addAll(headResult.problems());
        if (baseResult.hasErrors()) {
            all.warning(Location.ofFile("."), "base-invalid", "the base model at " + base + " has "
                    + baseResult.problems().stream().filter(p -> p.isError()).count()
                    + " errors of its own; changes are checked against what of it could be read");
        }
        all.addAll(ChangeChecker.check(baseResult.model(), headResult.model(), sourceRepo));
        ProblemReport report = new ProblemReport(all.sorted());
        report.print(spec.commandLine().getOut(), format, head, "changes from " + sourceRepo);
        return report.hasErrors() ? Errors.FAILURE : 0;
    }
}

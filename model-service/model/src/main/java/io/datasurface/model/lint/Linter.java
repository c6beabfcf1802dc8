package io.datasurface.model.lint;

import io.datasurface.model.Model;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Problems;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a loaded model against the rules of docs/model.md and reports every problem with file, line
 * and severity. Never throws on bad model content.
 */
public final class Linter {
    private Linter() {
    }

    /** The lint problems of {@code model}, in report order. */
    public static List<Problem> lint(Model model) {
        Problems problems = new Problems();
        NameRules.check(model, problems);
        OwnerRules.check(model, problems);
        EcosystemRules.check(model, problems);
        DatastoreRules.check(model, problems);
        CredentialRules.check(model, problems);
        WorkspaceRules.check(model, problems);
        MappingRules.check(model, problems);
        CollisionRules.check(model, problems);
        return problems.sorted();
    }

    /** Loads and lints a model folder: the loader's problems and the lint problems together. */
    public static LoadResult validate(Path root) {
        LoadResult loaded = ModelLoader.load(root);
        Problems all = new Problems();
        all.addAll(loaded.problems());
        all.addAll(lint(loaded.model()));
        return new LoadResult(loaded.model(), all.sorted());
    }
}

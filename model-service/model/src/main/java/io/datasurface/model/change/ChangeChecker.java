package io.datasurface.model.change;

import io.datasurface.model.Model;
import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Problems;
import java.util.List;

/**
 * Checks a proposed model version (head) against the current one (base): every change must come from
 * the repository that owns the changed object, and schemas may only evolve backwards compatibly.
 */
public final class ChangeChecker {
    private ChangeChecker() {
    }

    /**
     * @param sourceRepo the repository proposing the change, as the model spells repos
     *                   (e.g. {@code github:acme/crm-model@main})
     * @return authorization and compatibility problems, in report order
     */
    public static List<Problem> check(Model base, Model head, String sourceRepo) {
        Problems problems = new Problems();
        Authorization.check(base, head, sourceRepo, problems);
        Compatibility.check(base, head, problems);
        return problems.sorted();
    }
}

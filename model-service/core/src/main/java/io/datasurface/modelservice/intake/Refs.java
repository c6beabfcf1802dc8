package io.datasurface.modelservice.intake;

import java.util.regex.Pattern;

/** What a request may name as a git ref and as the repo a change comes from. */
final class Refs {
    /** A branch, tag or commit id: no option-like start, no {@code ..}, no revision syntax ({@code @{}, {@code ^}). */
    private static final Pattern REF = Pattern.compile("(?!-)(?!.*\\.\\.)(?!.*//)[A-Za-z0-9._/-]{1,200}(?<![/.])");
    /** As the model spells repos: {@code github:acme/crm-model@main}. */
    private static final Pattern SOURCE_REPO = Pattern.compile(
            "[a-z][a-z0-9-]{0,30}:[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+@" + REF.pattern());

    private Refs() {
    }

    static void check(String ref) {
        if (!REF.matcher(ref).matches()) {
            throw new IllegalArgumentException("\"ref\" must be a commit id or a branch or tag name (letters, digits, "
                    + "'.', '_', '-' and '/'; not starting with '-', no '..'), not '" + ref + "'");
        }
    }

    static void checkSourceRepo(String sourceRepo) {
        if (!SOURCE_REPO.matcher(sourceRepo).matches() || sourceRepo.contains("/../") || sourceRepo.contains("/./")) {
            throw new IllegalArgumentException("\"sourceRepo\" must name a repo as the model does, such as "
                    + "github:acme/crm-model@main, not '" + sourceRepo + "'");
        }
    }
}

package io.datasurface.view.reconcile;

import io.datasurface.model.naming.SqlNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reader role of a workspace on a platform ({@code {platform}_{workspace}_reader}) and the comment
 * the reconciler puts on it when it makes it. The comment is how a role the platform made is told from
 * one someone else made under that name, perhaps to be granted the workspace's views: the reconciler
 * grants only to a role that carries it, for this very workspace and platform.
 */
record ReaderRole(String name, String platform, String workspace) {
    private static final Pattern FORM = Pattern.compile(
            "DataSurface/J reader role of workspace (\\S+) on platform (\\S+)\\. .*", Pattern.DOTALL);

    static ReaderRole of(String platform, String workspace) {
        return new ReaderRole(SqlNames.readerRole(platform, workspace), platform, workspace);
    }

    /** The marker comment. */
    String marker() {
        return "DataSurface/J reader role of workspace " + workspace + " on platform " + platform + ". Made by the "
                + "view reconciler, which grants it SELECT on the views of that workspace: grant it to people, do not "
                + "reuse it for anything else.";
    }

    /** The workspace and platform a role's comment says it was made for; empty when it carries no marker. */
    static Optional<String[]> madeFor(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(comment);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    /**
     * Why the reconciler will not grant this role anything, given the comment of the existing role of its
     * name; null when the comment marks it as made for this workspace and platform.
     */
    String refusal(String comment) {
        Optional<String[]> madeFor = madeFor(comment);
        if (madeFor.isEmpty()) {
            return "role " + name + " exists but DataSurface/J did not make it (it lacks the reader-role comment), so "
                    + "the view is not granted to it: whoever holds that role would read the workspace's views. Drop "
                    + "or rename that role and run again; or, if it is meant to be the reader role of workspace "
                    + workspace + " on platform " + platform + " (one an earlier release made, say), mark it: COMMENT "
                    + "ON ROLE \"" + name.replace("\"", "\"\"") + "\" IS '" + marker().replace("'", "''") + "'";
        }
        if (!madeFor.get()[0].equals(workspace) || !madeFor.get()[1].equals(platform)) {
            return "role " + name + " was made for workspace " + madeFor.get()[0] + " on platform " + madeFor.get()[1]
                    + ", not for workspace " + workspace + " on platform " + platform + " (their names meet in one "
                    + "role name): the view is not granted to it; rename one of the workspaces";
        }
        return null;
    }
}

package io.datasurface.modelservice.deploy;

import io.datasurface.model.fault.DatasurfaceException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Fetches one commit of a git repository into a folder, without its {@code .git}. */
public final class GitFetcher {
    /** A full commit id (SHA-1 or SHA-256), as deployments record them. */
    static final java.util.regex.Pattern COMMIT_ID = java.util.regex.Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final CredentialsProvider credentials;
    private final int timeoutSeconds;

    /**
     * @param token          an access token, sent only to HTTPS remotes; null for none
     * @param timeoutSeconds how long a fetch may stall before it is given up
     */
    public GitFetcher(String token, int timeoutSeconds) {
        this.credentials = token == null || token.isEmpty() ? null
                : new UsernamePasswordCredentialsProvider("x-access-token", token);
        this.timeoutSeconds = timeoutSeconds;
    }

    /** As {@link #fetch(String, String, Path, String)} without the descent check. */
    public String fetch(String url, String ref, Path into) {
        return fetch(url, ref, into, null);
    }

    /**
     * @param ref            a commit id, or a branch or tag name
     * @param mustDescendFrom the deployed commit, when known: a commit that is not its descendant (older, or
     *                        diverged) is refused, as it would undo what was deployed since — also when the
     *                        repository no longer holds the deployed commit (its branch was force-pushed or
     *                        rewritten). A stand-in for a commit ({@code local-…}, a model deployed from a folder)
     *                        has no history to check. Null: no check (a rollback an operator allowed).
     * @return the commit id that was checked out
     * @throws RollbackRefused when the commit does not build on {@code mustDescendFrom}
     * @throws DatasurfaceException when the repository cannot be read or has no such commit (the message
     *                              names the URL without any credentials in it)
     */
    public String fetch(String url, String ref, Path into, String mustDescendFrom) {
        String safeUrl = DeploymentRequest.withoutCredentials(url);
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(into.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).setTimeout(timeoutSeconds)
                .setCredentialsProvider(url.startsWith("https://") ? credentials : null).call()) {
            // ^{commit}: an annotated tag names its commit, not the tag object
            ObjectId id = git.getRepository().resolve(ref + "^{commit}");
            if (id == null) {
                id = git.getRepository().resolve("origin/" + ref + "^{commit}");
            }
            if (id == null) {
                throw new DatasurfaceException("repository " + safeUrl + " has no commit or branch '" + ref + "'", false);
            }
            refuseUnlessDescendant(git, id, mustDescendFrom);
            // Not a checkout: with nothing checked out yet, every file where the commit differs from the default
            // branch's head would count as a conflict. A hard reset writes the commit's files as they are.
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(id.name()).call();
            return id.name();
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new DatasurfaceException("'" + ref + "' is not a commit id or a branch or tag name", false, e);
        } catch (GitAPIException | java.io.IOException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new DatasurfaceException("cannot fetch " + ref + " of " + safeUrl + ": "
                    + String.valueOf(e.getMessage()).replace(url, safeUrl), true, e);
        } finally {
            ModelFolders.delete(into.resolve(".git"));
        }
    }

    private static void refuseUnlessDescendant(Git git, ObjectId id, String deployed) throws java.io.IOException {
        if (deployed == null || deployed.equals(id.name()) || !COMMIT_ID.matcher(deployed).matches()) {
            return;
        }
        ObjectId base;
        try {
            base = git.getRepository().resolve(deployed + "^{commit}");
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.errors.MissingObjectException e) {
            base = null;
        }
        String undo = "; deploying it would undo what was deployed since. Push a commit that builds on " + deployed
                + ", or, to roll back on purpose, deploy " + id.name() + " with POST /deployments and "
                + "\"allowRollback\": true";
        if (base == null) {
            throw new RollbackRefused(id.name(), "commit " + id.name() + " does not build on the deployed commit "
                    + deployed + ": the repository no longer holds that commit (its branch was force-pushed or "
                    + "rewritten)" + undo);
        }
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            if (!walk.isMergedInto(walk.parseCommit(base), walk.parseCommit(id))) {
                throw new RollbackRefused(id.name(), "commit " + id.name() + " does not build on the deployed commit "
                        + deployed + " (it is older, or diverged)" + undo);
            }
        }
    }
}

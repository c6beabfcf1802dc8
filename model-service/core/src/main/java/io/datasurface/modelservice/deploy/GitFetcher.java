package io.datasurface.modelservice.deploy;

import io.datasurface.model.fault.DatasurfaceException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.TransportHttp;

/**
 * Fetches one commit of a git repository into a folder, without its {@code .git}. The access token goes only
 * to the host it belongs to, over HTTPS; a fetch is given up when one network operation stalls longer than the
 * operation timeout, and when the whole of it takes longer than its deadline.
 */
public final class GitFetcher {
    /** A full commit id (SHA-1 or SHA-256), as deployments record them. */
    static final java.util.regex.Pattern COMMIT_ID = java.util.regex.Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /**
     * @param token            an access token; null for none
     * @param tokenHost        the host the token belongs to ({@code github.com}, or {@code host:port}); the only one
     *                         it is sent to
     * @param operationTimeout how long one network operation may stall
     * @param deadline         how long a whole fetch may take
     */
    public record Settings(String token, String tokenHost, Duration operationTimeout, Duration deadline) {
        public Settings {
            if (token != null && !token.isEmpty() && (tokenHost == null || tokenHost.isBlank())) {
                throw new IllegalArgumentException("a git token needs the host it belongs to");
            }
        }

        /** No token. */
        public static Settings anonymous(Duration operationTimeout, Duration deadline) {
            return new Settings(null, null, operationTimeout, deadline);
        }

        @Override
        public String toString() {
            return "GitFetcher.Settings[token " + (token == null ? "none" : "for " + tokenHost) + ", operationTimeout "
                    + operationTimeout + ", deadline " + deadline + "]"; // never the token
        }
    }

    private final GitToken token;
    private final Settings settings;
    private final Clock clock;

    public GitFetcher(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    GitFetcher(Settings settings, Clock clock) {
        this.settings = settings;
        this.token = settings.token() == null || settings.token().isEmpty() ? null
                : new GitToken(settings.token(), settings.tokenHost().strip());
        this.clock = clock;
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
     * @throws DatasurfaceException when the repository cannot be read or has no such commit, or the fetch took too
     *                              long (the message names the URL without any credentials in it)
     */
    public String fetch(String url, String ref, Path into, String mustDescendFrom) {
        String safeUrl = DeploymentRequest.withoutCredentials(url);
        FetchDeadline deadline = new FetchDeadline(clock.instant().plus(settings.deadline()), clock);
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(into.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).setTimeout(Math.toIntExact(Math.max(1, settings.operationTimeout()
                        .toSeconds())))
                .setProgressMonitor(deadline.progress())
                .setTransportConfigCallback(t -> {
                    if (t instanceof TransportHttp http) {
                        http.setHttpConnectionFactory(deadline.connections());
                    }
                })
                .setCredentialsProvider(token).call()) {
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
            if (deadline.passed()) {
                throw new DatasurfaceException("fetching " + ref + " of " + safeUrl + " took longer than its limit of "
                        + settings.deadline().toSeconds() + " s (datasurface.model-service.git-fetch-deadline-seconds); "
                        + "is the repository very large, or its server very slow?", true, e);
            }
            String why = DeploymentRequest.withoutCredentialsIn(String.valueOf(e.getMessage()).replace(url, safeUrl));
            throw new DatasurfaceException("cannot fetch " + ref + " of " + safeUrl + ": "
                    + (settings.token() == null || settings.token().isEmpty() ? why
                    : why.replace(settings.token(), "****")), true, e);
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

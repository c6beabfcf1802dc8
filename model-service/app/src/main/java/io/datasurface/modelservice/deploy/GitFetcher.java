package io.datasurface.modelservice.deploy;

import io.datasurface.model.fault.DatasurfaceException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Fetches one commit of a git repository into a folder, without its {@code .git}. */
public final class GitFetcher {
    private final CredentialsProvider credentials;

    /** @param token an access token for HTTPS remotes, or null for none */
    public GitFetcher(String token) {
        this.credentials = token == null || token.isEmpty() ? null
                : new UsernamePasswordCredentialsProvider("x-access-token", token);
    }

    /**
     * @param ref a commit id, or a branch or tag name
     * @return the commit id that was checked out
     * @throws DatasurfaceException when the repository cannot be read or has no such commit (the message
     *                              names the URL without any credentials in it)
     */
    public String fetch(String url, String ref, Path into) {
        String safeUrl = url.replaceAll("//[^/@]*@", "//****@");
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(into.toFile()).setNoCheckout(true)
                .setCloneAllBranches(true).setCredentialsProvider(credentials).call()) {
            // ^{commit}: an annotated tag names its commit, not the tag object
            ObjectId id = git.getRepository().resolve(ref + "^{commit}");
            if (id == null) {
                id = git.getRepository().resolve("origin/" + ref + "^{commit}");
            }
            if (id == null) {
                throw new DatasurfaceException("repository " + safeUrl + " has no commit or branch '" + ref + "'", false);
            }
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
}

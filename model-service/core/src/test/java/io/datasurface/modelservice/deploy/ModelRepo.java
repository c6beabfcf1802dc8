package io.datasurface.modelservice.deploy;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A real git repository holding a copy of the mvp example, to commit changes to. */
final class ModelRepo implements AutoCloseable {
    final MvpCopy files;
    final Git git;

    ModelRepo(Path dir) throws GitAPIException {
        files = MvpCopy.into(dir);
        git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    Path dir() {
        return files.dir;
    }

    String url() {
        return files.dir.toUri().toString();
    }

    String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call(); // deletions
        return git.commit().setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call().getName();
    }

    /** A workspace of the analytics team with one live-only group {@code g} taking the sink. */
    ModelRepo workspace(String name, String sink) {
        files.write("zones/retail/teams/analytics/" + name + ".yaml", """
                kind: Workspace
                name: %s
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: g
                    requirements: { milestoning: live-only }
                    sinks: [%s]
                """.formatted(name, sink));
        return this;
    }

    /** The central repo's part: assigns the workspace's group {@code g} to yellow_live. */
    ModelRepo assign(String workspace) {
        files.edit("dsg_platform_mapping.json", "[\n", "[\n  {\"workspace\": \"" + workspace + "\", \"dsg\": \"g\", "
                + "\"assignments\": [{\"dataPlatform\": \"yellow_live\", \"status\": \"PROVISIONED\"}]},\n");
        return this;
    }

    void resetHard(String ref) throws GitAPIException, IOException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(ref).call();
    }

    @Override
    public void close() {
        git.close();
    }
}

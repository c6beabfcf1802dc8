package io.datasurface.modelservice.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real local git repository holding a copy of the mvp example model, to commit changes to. */
final class ModelRepos implements AutoCloseable {
    static final Path MVP = Path.of("../../docs/examples/mvp");

    final Path dir;
    final Git git;

    ModelRepos(Path dir) throws IOException, GitAPIException {
        this.dir = dir;
        copy(MVP, dir);
        git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    String url() {
        return dir.toUri().toString();
    }

    void write(String file, String text) throws IOException {
        Path f = dir.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    void edit(String file, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(file));
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        RevCommit c = git.commit().setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call();
        return c.getName();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Drops the last commit (one the service rejected), so later commits build on the deployed model. */
    void dropLastCommit() throws GitAPIException {
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("HEAD~1").call();
    }

    @Override
    public void close() {
        git.close();
    }
}

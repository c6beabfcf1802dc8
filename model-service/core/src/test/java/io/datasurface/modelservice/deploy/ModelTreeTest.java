package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders and regular files make a model; every link, dangling or not, is named with what to do. */
class ModelTreeTest {
    @TempDir
    Path tmp;

    @Test
    void aModelOfFoldersAndFilesHasNothingOdd() {
        assertThat(ModelTree.oddEntries(MvpCopy.into(tmp.resolve("mvp")).dir)).isEmpty();
    }

    @Test
    void everyLinkIsNamedFilesFoldersDanglingAndHidden() throws Exception {
        Path model = MvpCopy.into(tmp.resolve("mvp")).dir;
        Files.createSymbolicLink(model.resolve("a.yaml"), Files.writeString(tmp.resolve("x"), "x"));
        Files.createSymbolicLink(model.resolve("zones/up"), tmp);
        Files.createSymbolicLink(model.resolve("zones/nowhere.yaml"), tmp.resolve("does-not-exist"));
        Files.createDirectories(model.resolve(".hidden"));
        Files.createSymbolicLink(model.resolve(".hidden/inside"), model.resolve("ecosystem.yaml"));

        assertThat(ModelTree.oddEntries(model)).extracting(Problem::file).containsExactly(".hidden/inside", "a.yaml",
                "zones/nowhere.yaml", "zones/up");
        assertThat(ModelTree.oddEntries(model)).allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.rule()).isEqualTo("symlink");
            assertThat(p.message()).isEqualTo(p.file() + " is a symbolic link; a model holds regular files and "
                    + "folders only, since a link can point outside it: commit the file itself instead of a link to it");
        });
    }
}

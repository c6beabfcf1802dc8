package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with symbolic links or odd files, pushed to git or put in a folder, is REJECTED naming each of them,
 * the current model stays, and nothing outside the model is read or written.
 */
@ExtendWith(PostgresExtension.class)
class DeployerRefusesOddTreesIT {
    static final String ANALYTICS = "github:acme/analytics-model@main";

    EmbeddedPostgresServer pg;
    @TempDir
    Path tmp;
    DeployerFixture service;
    ModelRepo repo;
    String before;

    @BeforeEach
    void aDeployedModel() throws Exception {
        service = new DeployerFixture(pg, tmp.resolve("models"));
        repo = new ModelRepo(tmp.resolve("repo"));
        String first = repo.commit("the mvp example");
        assertThat(service.deploy(new DeploymentRequest(first, ANALYTICS, repo.url(), null)).status())
                .isEqualTo(DeploymentStatus.DEPLOYED);
        before = service.current();
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private DeploymentResult push() throws Exception {
        return service.deploy(new DeploymentRequest(repo.commit("a change"), ANALYTICS, repo.url(), null));
    }

    private void assertRejectedFor(DeploymentResult result, String file, String rule) {
        assertThat(result.status()).isEqualTo(DeploymentStatus.REJECTED);
        assertThat(result.problems()).extracting(Problem::file, Problem::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(file, rule));
        assertThat(result.problems().get(0).message()).startsWith(file + " is ");
        assertThat(service.current()).isEqualTo(before);
        assertThat(service.events.rejected).anySatisfy(r -> assertThat(r.commit()).isEqualTo(result.commit()));
        assertThat(service.log.byCommit(result.commit(), ANALYTICS)).hasValueSatisfying(
                d -> assertThat(d.status()).isEqualTo(DeploymentStatus.REJECTED));
    }

    @Test
    @DisplayName("regression: a model file pushed as a link to a file outside the model was read as part of it")
    void aPushedLinkToAFileOutsideTheModelIsRefused() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.yaml"), "kind: Workspace\nname: from_outside\n");
        Files.createSymbolicLink(repo.dir().resolve("zones/retail/teams/analytics/extra.yaml"), outside);

        assertRejectedFor(push(), "zones/retail/teams/analytics/extra.yaml", ModelTree.SYMLINK);
    }

    @Test
    @DisplayName("regression: a pushed .datasurface-deployment.json linking outside the model was written through "
            + "when the model became current")
    void theDeploymentInfoIsNeverWrittenThroughAPushedLink() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "untouched\n");
        Files.createSymbolicLink(repo.dir().resolve(ModelFolders.INFO), victim);

        assertRejectedFor(push(), ModelFolders.INFO, ModelTree.SYMLINK);
        assertThat(victim).hasContent("untouched");
    }

    @Test
    void aLinkInAHiddenFolderOrToAFolderIsRefusedToo() throws Exception {
        Files.createDirectories(repo.dir().resolve(".github"));
        Files.createSymbolicLink(repo.dir().resolve(".github/etc"), Path.of("/etc"));

        assertRejectedFor(push(), ".github/etc", ModelTree.SYMLINK);
    }

    @Test
    void aFolderWithALinkIsRefusedBeforeAnythingIsReadThroughIt() throws Exception {
        Path folder = MvpCopy.into(tmp.resolve("folder")).dir;
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "password=hunter2\n");
        Files.createSymbolicLink(folder.resolve("notes.md"), secret);

        DeploymentResult result = service.deploy(new DeploymentRequest(null, ANALYTICS, null, folder.toString()));

        assertThat(result.status()).isEqualTo(DeploymentStatus.REJECTED);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("notes.md");
            assertThat(p.rule()).isEqualTo(ModelTree.SYMLINK);
        });
        assertThat(service.current()).isEqualTo(before);
        assertThat(result.toString()).doesNotContain("hunter2");
    }

    @Test
    void aFolderNamedThroughALinkIsFine() throws Exception {
        Path folder = MvpCopy.into(tmp.resolve("real")).dir;
        Files.writeString(folder.resolve("NOTES.md"), "new content\n");
        Path link = Files.createSymbolicLink(tmp.resolve("current-model"), folder);

        assertThat(service.deploy(new DeploymentRequest(null, ANALYTICS, null, link.toString())).status())
                .isEqualTo(DeploymentStatus.DEPLOYED);
    }

    @Test
    void aFolderWithAPipeIsRefused() throws Exception {
        Path folder = MvpCopy.into(tmp.resolve("folder")).dir;
        Path fifo = folder.resolve("zones/retail/pipe.yaml");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available here");

        DeploymentResult result = service.deploy(new DeploymentRequest(null, ANALYTICS, null, folder.toString()));

        assertThat(result.status()).isEqualTo(DeploymentStatus.REJECTED);
        assertThat(result.problems()).extracting(Problem::file, Problem::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("zones/retail/pipe.yaml", ModelTree.NOT_A_FILE));
        assertThat(service.current()).isEqualTo(before);
    }
}

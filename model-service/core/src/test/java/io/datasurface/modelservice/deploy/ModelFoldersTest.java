package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployed versions on disk: names that always increase, the newest is current, old ones pruned. */
class ModelFoldersTest {
    private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path root;

    private static ModelFolders.Deployed info(String version, String commit, Instant at) {
        return new ModelFolders.Deployed(version, commit, "github:acme/x@main", "0a6b1c3e-0000-4000-8000-000000000001",
                at);
    }

    /** Fetches a one-file "model" into an incoming folder and promotes it as deployed at {@code at}. */
    private static Path deploy(ModelFolders folders, String commit, Instant at) throws IOException {
        Path incoming = folders.incoming();
        Files.writeString(incoming.resolve("commit.txt"), commit);
        return folders.promote(incoming, info(folders.nextVersion(at), commit, at));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPromotedVersionIsNamedByItsEpochSecondsInTenDigits() throws IOException {
        ModelFolders folders = new ModelFolders(root, 10);

        Path made = deploy(folders, "c1", NOON);

        assertThat(made.getFileName().toString()).isEqualTo("model-" + NOON.getEpochSecond())
                .isEqualTo("model-1748779200");
        assertThat(made.getParent()).isEqualTo(root);
        assertThat(made.resolve("commit.txt")).hasContent("c1");
    }

    @Test
    void anEarlyEpochIsPaddedToTenDigits() throws IOException {
        ModelFolders folders = new ModelFolders(root, 10);

        assertThat(deploy(folders, "c1", Instant.ofEpochSecond(5)).getFileName().toString())
                .isEqualTo("model-0000000005");
        assertThat(folders.current()).map(p -> p.getFileName().toString()).contains("model-0000000005");
    }

    @Test
    void twoPromotionsInTheSameSecondGetIncreasingNames() throws IOException {
        ModelFolders folders = new ModelFolders(root, 10);

        Path first = deploy(folders, "c1", NOON);
        Path second = deploy(folders, "c2", NOON.plusMillis(400));
        Path third = deploy(folders, "c3", NOON.plusMillis(800));

        assertThat(first.getFileName()).hasToString("model-1748779200");
        assertThat(second.getFileName()).hasToString("model-1748779201");
        assertThat(third.getFileName()).hasToString("model-1748779202");
        assertThat(folders.current()).contains(third);
    }

    @Test
    void aClockThatGoesBackStillGivesANewerName() throws IOException {
        ModelFolders folders = new ModelFolders(root, 10);
        deploy(folders, "c1", NOON);

        Path later = deploy(folders, "c2", NOON.minusSeconds(3600));

        assertThat(later.getFileName()).hasToString("model-1748779201");
        assertThat(folders.current()).contains(later);
        assertThat(folders.current().flatMap(folders::info)).map(ModelFolders.Deployed::commit).contains("c2");
    }

    @Test
    void currentIsTheNewestVersionAndNothingElse() throws IOException {
        ModelFolders folders = new ModelFolders(root, 10);
        assertThat(folders.current()).isEmpty();

        deploy(folders, "c1", NOON);
        Path newest = deploy(folders, "c2", NOON.plusSeconds(60));
        // neither an unfinished fetch, a folder of another name nor a file with a version's name is a version
        folders.incoming();
        Files.createDirectory(root.resolve("model-99999999999"));
        Files.createDirectory(root.resolve("model-latest"));
        Files.writeString(root.resolve("model-9999999999"), "not a folder");

        assertThat(folders.current()).contains(newest);
    }

    @Test
    void onlyTheNewestKeepVersionsRemain() throws IOException {
        ModelFolders folders = new ModelFolders(root, 3);
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(deploy(folders, "c" + i, NOON.plusSeconds(10L * i)));
        }

        assertThat(names()).containsExactly("model-1748779220", "model-1748779230", "model-1748779240");
        assertThat(made.get(0)).doesNotExist();
        assertThat(made.get(1)).doesNotExist();
        assertThat(folders.current()).contains(made.get(4));
    }

    @Test
    void keepOneLeavesOnlyTheCurrentVersionAndNoIncomingFolderIsPruned() throws IOException {
        ModelFolders folders = new ModelFolders(root, 1);
        Path fetching = folders.incoming();

        deploy(folders, "c1", NOON);
        Path second = deploy(folders, "c2", NOON.plusSeconds(1));

        assertThat(names()).containsExactlyInAnyOrder(second.getFileName().toString(),
                fetching.getFileName().toString());
    }

    @Test
    void keepMustBeAtLeastOne() {
        assertThatThrownBy(() -> new ModelFolders(root, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep must be at least 1");
    }

    @Test
    void theRootIsCreatedWhenMissing() {
        Path nested = root.resolve("a/b/models");

        ModelFolders folders = new ModelFolders(nested, 2);

        assertThat(nested).isDirectory();
        assertThat(folders.root()).isEqualTo(nested);
        assertThat(folders.current()).isEmpty();
    }

    @Test
    void incomingFoldersAreHiddenEmptyAndDistinct() throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);

        Path a = folders.incoming();
        Path b = folders.incoming();

        assertThat(a).isEmptyDirectory().hasParent(root);
        assertThat(a.getFileName().toString()).startsWith(".incoming-");
        assertThat(b).isNotEqualTo(a).isEmptyDirectory();
    }

    @Test
    void theDeploymentInfoReadsBack() throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);
        Path incoming = folders.incoming();
        ModelFolders.Deployed written = info(folders.nextVersion(NOON), "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                NOON.plusMillis(123));

        Path made = folders.promote(incoming, written);

        assertThat(made.resolve(".datasurface-deployment.json")).isRegularFile();
        assertThat(folders.info(made)).contains(written);
    }

    @Test
    void aVersionWithoutAReadableInfoFileHasNoInfo() throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);
        Path made = deploy(folders, "c1", NOON);
        Files.writeString(made.resolve(".datasurface-deployment.json"), "{ half a file");

        assertThat(folders.info(made)).isEmpty();
        assertThat(folders.info(root.resolve("model-0000000001"))).isEmpty();
    }

    @Test
    void removeLeftoversDeletesIncomingFoldersAndNothingElse() throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);
        Path version = deploy(folders, "c1", NOON);
        Path leftover = folders.incoming();
        Files.createDirectories(leftover.resolve("zones/retail"));
        Files.writeString(leftover.resolve("zones/retail/zone.yaml"), "kind: GovernanceZone\n");
        Path empty = folders.incoming();
        Files.writeString(root.resolve("notes.txt"), "kept");

        folders.removeLeftovers();

        assertThat(leftover).doesNotExist();
        assertThat(empty).doesNotExist();
        assertThat(names()).containsExactlyInAnyOrder(version.getFileName().toString(), "notes.txt");
        assertThat(version.resolve("commit.txt")).hasContent("c1");
    }

    @Test
    void aPromotedCopyOfTheMvpModelLoadsWithoutProblems() throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);
        Path incoming = folders.incoming();
        MvpCopy.into(incoming);

        Path made = folders.promote(incoming, info(folders.nextVersion(NOON), "c1", NOON));
        LoadResult loaded = ModelLoader.load(made);

        assertThat(made.resolve(".datasurface-deployment.json")).isRegularFile();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.model().workspaces()).extracting(Workspace::name).containsExactly("analytics");
        assertThat(loaded.model().datastore("customers")).isPresent();
    }

    @Test
    void deleteRemovesAFolderWithEverythingInItAndToleratesAMissingOne() throws IOException {
        Path folder = root.resolve("x");
        Files.createDirectories(folder.resolve("a/b"));
        Files.writeString(folder.resolve("a/b/c.yaml"), "c");
        Files.writeString(folder.resolve(".hidden"), "h");

        ModelFolders.delete(folder);
        ModelFolders.delete(root.resolve("never-was"));

        assertThat(folder).doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.DisplayName("regression: the deployment info was written through a link of its name")
    void theDeploymentInfoReplacesALinkOfItsNameInsteadOfWritingThroughIt(@org.junit.jupiter.api.io.TempDir Path
                                                                               elsewhere) throws IOException {
        ModelFolders folders = new ModelFolders(root, 2);
        Path victim = Files.writeString(elsewhere.resolve("victim.txt"), "untouched");
        Path incoming = folders.incoming();
        Files.createSymbolicLink(incoming.resolve(".datasurface-deployment.json"), victim);

        Path made = folders.promote(incoming, info(folders.nextVersion(NOON), "c1", NOON));

        assertThat(victim).hasContent("untouched");
        assertThat(Files.isSymbolicLink(made.resolve(".datasurface-deployment.json"))).isFalse();
        assertThat(folders.info(made)).map(ModelFolders.Deployed::commit).contains("c1");
    }
}

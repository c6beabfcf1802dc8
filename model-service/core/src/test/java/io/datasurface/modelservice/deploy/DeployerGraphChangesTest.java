package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.Model;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployment tells the platforms ({@link Deployer#graphChanges}) and how it names the model's files
 * ({@link Deployer#checksums}, {@link Deployer#localDigest}), on copies of the mvp example.
 */
class DeployerGraphChangesTest {
    private static final String AUDIT_MAPPING = """
              {"workspace": "analytics", "dsg": "audit",
               "assignments": [{"dataPlatform": "yellow_forensic", "status": "PROVISIONED"}]}
            """;

    @TempDir
    Path dir;

    private MvpCopy copy(String name) {
        return MvpCopy.into(dir.resolve(name));
    }

    private static List<String> keys(List<ExportNode> exports) {
        return exports.stream().map(ExportNode::key).toList();
    }

    private static List<String> streamKeys(List<IngestionNode> streams) {
        return streams.stream().map(IngestionNode::key).toList();
    }

    @Test
    void theFirstDeploymentAddsEveryPlatformWithEverythingInIt() {
        Model mvp = copy("mvp").load();

        List<GraphChanged> changes = Deployer.graphChanges(Optional.empty(), mvp, "c1");

        assertThat(changes).extracting(GraphChanged::platform).containsExactly("yellow_forensic", "yellow_live");
        assertThat(changes).allSatisfy(g -> {
            assertThat(g.commit()).isEqualTo("c1");
            assertThat(g.diff().platform()).isEqualTo(g.platform());
            assertThat(g.diff().streamsRemoved()).isEmpty();
            assertThat(g.diff().streamsChanged()).isEmpty();
            assertThat(g.diff().exportsRemoved()).isEmpty();
            assertThat(g.diff().exportsChanged()).isEmpty();
        });
        GraphDiff live = changes.get(1).diff();
        assertThat(streamKeys(live.streamsAdded())).containsExactly("yellow_live/customers");
        assertThat(keys(live.exportsAdded())).containsExactlyInAnyOrder(
                "yellow_live/analytics/live/customers/customers", "yellow_live/analytics/live/customers/addresses");
        GraphDiff forensic = changes.get(0).diff();
        assertThat(streamKeys(forensic.streamsAdded())).containsExactly("yellow_forensic/customers");
        assertThat(keys(forensic.exportsAdded())).containsExactlyInAnyOrder(
                "yellow_forensic/analytics/audit/customers/customers",
                "yellow_forensic/analytics/audit/customers/addresses");
    }

    @Test
    void anUnchangedModelChangesNoGraph() {
        Model current = copy("a").load();
        Model next = copy("b").load();

        assertThat(Deployer.graphChanges(Optional.of(current), next, "c2")).isEmpty();
    }

    @Test
    void anUnassignedNewWorkspaceChangesNoGraph() {
        Model current = copy("a").load();
        Model next = copy("b").write("zones/retail/teams/analytics/reporting.yaml", """
                kind: Workspace
                name: reporting
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: g
                    requirements: { milestoning: live-only }
                    sinks: [customers/customers]
                """).load();

        assertThat(Deployer.graphChanges(Optional.of(current), next, "c2")).isEmpty();
    }

    @Test
    void aRemovedPlatformMappingRemovesThatPlatformsExportsOnly() {
        Model current = copy("a").load();
        Model next = copy("b").edit("dsg_platform_mapping.json", ",\n" + AUDIT_MAPPING, "\n").load();

        List<GraphChanged> changes = Deployer.graphChanges(Optional.of(current), next, "c2");

        assertThat(changes).singleElement().satisfies(g -> {
            assertThat(g.platform()).isEqualTo("yellow_forensic");
            assertThat(g.commit()).isEqualTo("c2");
            assertThat(keys(g.diff().exportsRemoved())).containsExactlyInAnyOrder(
                    "yellow_forensic/analytics/audit/customers/customers",
                    "yellow_forensic/analytics/audit/customers/addresses");
            // no export needs the platform's stream any more
            assertThat(streamKeys(g.diff().streamsRemoved())).containsExactly("yellow_forensic/customers");
            assertThat(g.diff().exportsAdded()).isEmpty();
            assertThat(g.diff().streamsAdded()).isEmpty();
        });
    }

    @Test
    void aSinkMovedToAnotherDatasetIsOneExportOutAndOneIn() {
        Model current = copy("a").load();
        Model next = copy("b").edit("zones/retail/teams/analytics/analytics.yaml",
                "    requirements: { milestoning: live-only }\n    sinks: [customers/customers, customers/addresses]",
                "    requirements: { milestoning: live-only }\n    sinks: [customers/customers]").load();

        List<GraphChanged> changes = Deployer.graphChanges(Optional.of(current), next, "c2");

        assertThat(changes).singleElement().satisfies(g -> {
            assertThat(g.platform()).isEqualTo("yellow_live");
            assertThat(keys(g.diff().exportsRemoved())).containsExactly("yellow_live/analytics/live/customers/addresses");
            assertThat(g.diff().exportsAdded()).isEmpty();
        });
    }

    @Test
    void aPlatformRemovedFromTheEcosystemHasEverythingRemoved() {
        Model current = copy("a").load();
        Model next = copy("b").edit("dsg_platform_mapping.json", ",\n" + AUDIT_MAPPING, "\n")
                .edit("ecosystem.yaml", """
                          - name: yellow_forensic
                            kind: yellow
                            milestoning: forensic          # every version, milestoned by batch
                            mergeStore: merge_db
                            credential: merge_rw
                        """, "").load();

        List<GraphChanged> changes = Deployer.graphChanges(Optional.of(current), next, "c2");

        assertThat(changes).singleElement().satisfies(g -> {
            assertThat(g.platform()).isEqualTo("yellow_forensic");
            assertThat(g.diff().exportsRemoved()).hasSize(2);
            assertThat(g.diff().streamsRemoved()).hasSize(1);
        });
    }

    @Test
    void aNewPlatformWithNothingAssignedIsAnnouncedOnce() {
        Model current = copy("a").load();
        Model next = copy("b").edit("ecosystem.yaml", "platforms:\n", """
                platforms:
                  - name: yellow_extra
                    kind: yellow
                    milestoning: live-only
                    mergeStore: merge_db
                    credential: merge_rw
                """).load();

        List<GraphChanged> changes = Deployer.graphChanges(Optional.of(current), next, "c2");

        assertThat(changes).singleElement().satisfies(g -> {
            assertThat(g.platform()).isEqualTo("yellow_extra");
            assertThat(g.diff().isEmpty()).isTrue();
        });
        assertThat(Deployer.graphChanges(Optional.of(next), next, "c3")).isEmpty();
    }

    // ------------------------------------------------------------------ checksums and the local digest

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void checksumsAreNamedByPathWithoutExtension() throws Exception {
        Path model = copy("mvp").dir;

        var sums = Deployer.checksums(model).checksums();

        assertThat(sums).containsOnlyKeys("README", "dsg_platform_mapping", "ecosystem", "source",
                "zones/retail/zone", "zones/retail/teams/analytics/analytics", "zones/retail/teams/crm/customers");
        assertThat(sums.get("zones/retail/zone")).isEqualTo(sha256(model.resolve("zones/retail/zone.yaml")));
        assertThat(sums.get("ecosystem")).isEqualTo(sha256(model.resolve("ecosystem.yaml")));
    }

    @Test
    void hiddenFilesAndFoldersAreNotModelFiles() throws Exception {
        Path model = copy("mvp").dir;
        var before = Deployer.checksums(model).checksums();
        Files.createDirectories(model.resolve(".git/refs"));
        Files.writeString(model.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(model.resolve(".datasurface-deployment.json"), "{}");
        Files.writeString(model.resolve("zones/.notes.yaml"), "x: 1\n");

        assertThat(Deployer.checksums(model).checksums()).isEqualTo(before);
    }

    @Test
    @DisplayName("regression: a file without extension in a folder with a dot was named up to that dot (docs/v1)")
    void aFileWithoutExtensionInAFolderWithADotKeepsItsWholePath() throws Exception {
        Path model = copy("mvp").dir;
        Files.createDirectories(model.resolve("docs/v1.2"));
        Files.writeString(model.resolve("docs/v1.2/LICENSE"), "MIT\n");

        assertThat(Deployer.checksums(model).checksums()).containsKey("docs/v1.2/LICENSE")
                .doesNotContainKey("docs/v1");
    }

    @Test
    void theLocalDigestDependsOnContentNotOnWhereTheFolderIs() {
        String a = Deployer.localDigest(copy("a").dir);
        String b = Deployer.localDigest(copy("elsewhere/b").dir);

        assertThat(a).matches("local-[0-9a-f]{40}").isEqualTo(b);
        assertThat(Deployer.localDigest(copy("c").dir)).isEqualTo(a);
    }

    @Test
    void theLocalDigestIgnoresHiddenFiles() throws IOException {
        Path model = copy("mvp").dir;
        String before = Deployer.localDigest(model);
        Files.writeString(model.resolve(".datasurface-deployment.json"), "{\"commit\": \"x\"}");

        assertThat(Deployer.localDigest(model)).isEqualTo(before);
    }

    @Test
    void theLocalDigestChangesWhenAFileChanges() throws IOException {
        Path model = copy("mvp").dir;
        String before = Deployer.localDigest(model);

        Files.writeString(model.resolve("zones/retail/zone.yaml"),
                Files.readString(model.resolve("zones/retail/zone.yaml")) + "# a comment\n");

        assertThat(Deployer.localDigest(model)).isNotEqualTo(before);
    }

    @Test
    void theLocalDigestChangesWhenAFileIsAddedRemovedOrRenamed() throws IOException {
        Path model = copy("mvp").dir;
        String original = Deployer.localDigest(model);

        Files.writeString(model.resolve("zones/retail/extra.yaml"), "# nothing yet\n");
        String added = Deployer.localDigest(model);
        Files.move(model.resolve("zones/retail/extra.yaml"), model.resolve("zones/retail/other.yaml"));
        String renamed = Deployer.localDigest(model);
        Files.delete(model.resolve("zones/retail/other.yaml"));

        assertThat(added).isNotEqualTo(original);
        assertThat(renamed).isNotEqualTo(added).isNotEqualTo(original);
        assertThat(Deployer.localDigest(model)).isEqualTo(original);
    }

    @Test
    @DisplayName("regression: of x.yaml and x.yml only one counted in the local digest, so a changed model "
            + "was answered as a duplicate of the old one")
    void theLocalDigestSeesAChangeToEitherOfTwoFilesThatDifferOnlyInExtension() throws IOException {
        // both are model files, and both had the checksum name "customers": one of the two checksums was dropped
        Path model = copy("mvp").dir;
        Path crm = model.resolve("zones/retail/teams/crm");
        Files.writeString(crm.resolve("customers.yml"), "# more datastores to come\n");
        String before = Deployer.localDigest(model);

        Files.writeString(crm.resolve("customers.yaml"), Files.readString(crm.resolve("customers.yaml"))
                .replace("Customers and their", "All customers and their"));
        String afterYaml = Deployer.localDigest(model);
        Files.writeString(crm.resolve("customers.yml"), "# more datastores to come, soon\n");

        assertThat(afterYaml).isNotEqualTo(before);
        assertThat(Deployer.localDigest(model)).isNotEqualTo(afterYaml);
    }

    @Test
    void aMissingFolderHasNoDigest() {
        assertThatThrownBy(() -> Deployer.localDigest(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope")
                .hasMessageContaining("does not exist");
    }
}

package io.datasurface.model.graph;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.Model;
import io.datasurface.model.ModelFixture;
import io.datasurface.model.json.Json;
import io.datasurface.model.load.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each platform's graph, built back from the dataset groups assigned to it. */
class GraphBuilderTest {
    @TempDir
    Path dir;

    private static Map<String, PipelineGraph> mvpGraphs() {
        return GraphBuilder.buildAll(ModelLoader.load(ModelFixture.mvpExample()).model());
    }

    private static List<String> streamKeys(PipelineGraph g) {
        return g.streams().stream().map(IngestionNode::key).toList();
    }

    private static List<String> exportKeys(PipelineGraph g) {
        return g.exports().stream().map(ExportNode::key).toList();
    }

    private static List<String> datasetsOf(IngestionNode stream) {
        return stream.datasets().stream().map(DatasetSpec::name).toList();
    }

    @Test
    void mvpGraphIsTheGoldenOne() throws IOException {
        String golden = Files.readString(ModelFixture.resource("graph/mvp-graph.json")).replace("\r\n", "\n");
        String actual = (Json.writePretty(mvpGraphs()) + "\n").replace("\r\n", "\n");
        assertThat(actual).isEqualTo(golden);
    }

    @Test
    void mvpViewsAreExactlyThoseTheReadmeLists() throws IOException {
        List<String> listed;
        try (Stream<String> lines = Files.lines(ModelFixture.mvpExample().resolve("README.md"))) {
            listed = lines.filter(l -> l.matches(" {4}[a-z0-9_]+")).map(String::trim).toList();
        }
        List<String> views = new ArrayList<>();
        for (PipelineGraph g : mvpGraphs().values()) {
            for (ExportNode e : g.exports()) {
                views.add(e.view());
                if (e.historyView() != null) {
                    views.add(e.historyView());
                }
            }
        }
        assertThat(listed).hasSize(6);
        assertThat(views).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void mvpHasOneMultiDatasetStreamPerPlatform() {
        var graphs = mvpGraphs();
        assertThat(graphs).containsOnlyKeys("yellow_forensic", "yellow_live");
        PipelineGraph live = graphs.get("yellow_live");
        assertThat(live.milestoning()).isEqualTo(Milestoning.LIVE_ONLY);
        assertThat(live.schema()).isEqualTo("yellow_live");
        assertThat(live.mergeStore().database()).isEqualTo("datasurface");
        assertThat(live.streams()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("yellow_live/customers");
            assertThat(s.dataset()).isNull();
            assertThat(s.capture()).isEqualTo(CaptureType.SQL_SNAPSHOT);
            assertThat(s.trigger()).isEqualTo("cron: */1 * * * *");
            assertThat(s.source().database()).isEqualTo("crm");
            assertThat(s.credential()).isEqualTo("crm_reader");
            assertThat(datasetsOf(s)).containsExactly("customers", "addresses");
        });
        assertThat(live.exports()).allSatisfy(e -> {
            assertThat(e.stream()).isEqualTo("yellow_live/customers");
            assertThat(e.historyView()).isNull();
        });
        assertThat(graphs.get("yellow_forensic").exports()).allSatisfy(e -> {
            assertThat(e.dsg()).isEqualTo("audit");
            assertThat(e.historyView()).endsWith("_view_history");
        });
    }

    @Test
    void singleDatasetConsistencyGivesOneStreamPerDataset() {
        var fx = ModelFixture.base(dir).edit(CUSTOMERS, 8, "multi-dataset", "single-dataset");
        PipelineGraph live = GraphBuilder.build(fx.model(), "yellow_live");
        assertThat(streamKeys(live)).containsExactly("yellow_live/customers/addresses", "yellow_live/customers/customers");
        assertThat(live.streams()).allSatisfy(s -> assertThat(datasetsOf(s)).containsExactly(s.dataset()));
        assertThat(live.exports()).allSatisfy(e ->
                assertThat(e.stream()).isEqualTo("yellow_live/customers/" + e.dataset()));
    }

    @Test
    void decommissionedAssignmentLeavesTheExportsOut() {
        var fx = ModelFixture.base(dir).edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONED\"");
        PipelineGraph live = GraphBuilder.build(fx.model(), "yellow_live");
        assertThat(live.exports()).isEmpty();
        assertThat(live.streams()).isEmpty();
        assertThat(GraphBuilder.build(fx.model(), "yellow_forensic").exports()).hasSize(2);
    }

    @Test
    void decommissioningAssignmentKeepsTheExports() {
        var fx = ModelFixture.base(dir).edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONING\"");
        PipelineGraph live = GraphBuilder.build(fx.model(), "yellow_live");
        assertThat(live.exports()).hasSize(2).allSatisfy(e -> assertThat(e.status()).isEqualTo("DECOMMISSIONING"));
        assertThat(streamKeys(live)).containsExactly("yellow_live/customers");
    }

    @Test
    void provisioningAssignmentHasExports() {
        var fx = ModelFixture.base(dir).edit(MAPPING, 5, "\"PROVISIONED\"", "\"PROVISIONING\"");
        assertThat(GraphBuilder.build(fx.model(), "yellow_forensic").exports())
                .hasSize(2).allSatisfy(e -> assertThat(e.status()).isEqualTo("PROVISIONING"));
    }

    @Test
    void groupOnlyOnYellowLiveHasNoExportsOnYellowForensic() {
        var fx = ModelFixture.base(dir)
                .deleteLines(MAPPING, 4, "\"audit\"", 5, "yellow_forensic")
                .edit(MAPPING, 3, "}]},", "}]}");
        Map<String, PipelineGraph> graphs = GraphBuilder.buildAll(fx.model());
        assertThat(graphs.get("yellow_forensic").exports()).isEmpty();
        assertThat(graphs.get("yellow_forensic").streams()).isEmpty();
        assertThat(exportKeys(graphs.get("yellow_live"))).containsExactly(
                "yellow_live/analytics/live/customers/addresses", "yellow_live/analytics/live/customers/customers");
    }

    @Test
    void streamCarriesOnlyTheDatasetsSomeExportNeeds() {
        var fx = ModelFixture.base(dir).edit(ANALYTICS, 12, "[customers/customers, customers/addresses]",
                "[customers/addresses]");
        var graphs = GraphBuilder.buildAll(fx.model());
        assertThat(graphs.get("yellow_forensic").streams()).singleElement()
                .satisfies(s -> assertThat(datasetsOf(s)).containsExactly("addresses"));
        assertThat(graphs.get("yellow_live").streams()).singleElement()
                .satisfies(s -> assertThat(datasetsOf(s)).containsExactly("customers", "addresses"));
    }

    @Test
    void twoGroupsOnOnePlatformShareTheStream() {
        var fx = ModelFixture.base(dir).edit(MAPPING, 3, "\"yellow_live\"", "\"yellow_forensic\"");
        PipelineGraph forensic = GraphBuilder.build(fx.model(), "yellow_forensic");
        assertThat(exportKeys(forensic)).containsExactly(
                "yellow_forensic/analytics/audit/customers/addresses",
                "yellow_forensic/analytics/audit/customers/customers",
                "yellow_forensic/analytics/live/customers/addresses",
                "yellow_forensic/analytics/live/customers/customers");
        assertThat(forensic.streams()).singleElement()
                .satisfies(s -> assertThat(datasetsOf(s)).containsExactly("customers", "addresses"));
        assertThat(GraphBuilder.build(fx.model(), "yellow_live").exports()).isEmpty();
    }

    @Test
    void watermarkAndTriggerOfASqlWatermarkStream() {
        var fx = ModelFixture.base(dir).edit(CUSTOMERS, 7, "sql-snapshot", "sql-watermark")
                .deleteLine(CUSTOMERS, 10, "cron:").edit(CUSTOMERS, 9, "trigger:", "trigger: external")
                .insertAfter(CUSTOMERS, 15, "credential:", "  watermark: Created-At")
                .edit(CUSTOMERS, 27, "name: created_at", "name: Created-At")
                .insertAfter(CUSTOMERS, 28, "- name: addresses", "    watermark: Version")
                .append(CUSTOMERS, "      - { name: Version, type: bigint }");
        assertThat(fx.validate()).isEmpty();
        IngestionNode stream = GraphBuilder.build(fx.model(), "yellow_live").streams().get(0);
        assertThat(stream.capture()).isEqualTo(CaptureType.SQL_WATERMARK);
        assertThat(stream.trigger()).isEqualTo("external");
        assertThat(stream.datasets()).extracting(DatasetSpec::name, DatasetSpec::watermark)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customers", "created_at"),
                        org.assertj.core.groups.Tuple.tuple("addresses", "version"));
        assertThat(stream.datasets().get(0).columns()).extracting(ColumnSpec::name).contains("created_at");
    }

    @Test
    void snapshotStreamsHaveNoWatermark() {
        assertThat(mvpGraphs().get("yellow_live").streams().get(0).datasets())
                .allSatisfy(d -> assertThat(d.watermark()).isNull());
    }

    @Test
    void sinksThatDoNotResolveAreLeftOut() {
        var fx = ModelFixture.base(dir).edit(ANALYTICS, 9, "customers/addresses]", "customers/adresses]");
        Model model = fx.load().model();
        assertThat(exportKeys(GraphBuilder.build(model, "yellow_live")))
                .containsExactly("yellow_live/analytics/live/customers/customers");
    }

    @Test
    void platformWithoutAssignmentsHasAnEmptyGraph() {
        var fx = ModelFixture.base(dir).write(MAPPING, "[]\n");
        var graphs = GraphBuilder.buildAll(fx.model());
        assertThat(graphs).containsOnlyKeys("yellow_forensic", "yellow_live");
        assertThat(graphs.values()).allSatisfy(g -> {
            assertThat(g.streams()).isEmpty();
            assertThat(g.exports()).isEmpty();
        });
    }

    @Test
    void unknownPlatformIsRejected() {
        assertThatThrownBy(() -> GraphBuilder.build(ModelFixture.base(dir).model(), "yellow_test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yellow_test'");
    }

    @Test
    void graphJsonIsStableAcrossLoadsAndFolders() {
        String first = Json.writePretty(GraphBuilder.buildAll(ModelLoader.load(ModelFixture.mvpExample()).model()));
        String second = Json.writePretty(GraphBuilder.buildAll(ModelLoader.load(ModelFixture.mvpExample()).model()));
        String copy = Json.writePretty(GraphBuilder.buildAll(ModelFixture.base(dir).model()));
        assertThat(second).isEqualTo(first);
        assertThat(copy).isEqualTo(first);
    }

    @Test
    void graphSurvivesAJsonRoundTrip() {
        PipelineGraph live = mvpGraphs().get("yellow_live");
        assertThat(Json.read(Json.write(live), PipelineGraph.class)).isEqualTo(live);
    }
}

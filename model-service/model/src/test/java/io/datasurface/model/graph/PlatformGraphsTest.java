package io.datasurface.model.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformGraphsTest {

    private static IngestionNode stream(String platform, String store) {
        return new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null,
                CaptureType.SQL_SNAPSHOT, "external", null, null, List.of());
    }

    private static ExportNode export(String platform, String store, boolean history) {
        return new ExportNode(ExportNode.keyOf(platform, "ws", "g", store, "d"), platform, "ws", "g", store, "d",
                "PROVISIONED", IngestionNode.keyOf(platform, store, null), store + "_d_merge", platform + "_view",
                history ? platform + "_view_history" : null, "f");
    }

    private static PipelineGraph graph(String platform, Milestoning m, List<IngestionNode> streams,
                                       List<ExportNode> exports) {
        return new PipelineGraph(platform, "yellow", m, platform, null, null, streams, exports);
    }

    @Test
    void diffsBuildEachPlatformsGraphWithItsMilestoningFromTheDiff() {
        PlatformGraphs graphs = new PlatformGraphs();
        PipelineGraph v1 = graph("f", Milestoning.FORENSIC, List.of(stream("f", "crm"), stream("f", "hr")),
                List.of(export("f", "crm", true)));
        PipelineGraph v2 = graph("f", Milestoning.FORENSIC, List.of(stream("f", "crm")), List.of(export("f", "crm", true)));
        graphs.apply(GraphDiff.between(null, v1));
        graphs.apply(GraphDiff.between(v1, v2));

        assertThat(graphs.milestoning("f")).contains(Milestoning.FORENSIC);
        assertThat(graphs.graph("f").orElseThrow().streams()).extracting(IngestionNode::key).containsExactly("f/crm");
        assertThat(graphs.stream("f/hr")).as("a removed stream").isEmpty();
        assertThat(graphs.stream("f/crm")).isPresent();
        assertThat(graphs.schemasWithStreams()).containsExactly("f");
    }

    @Test
    void aPlatformWhoseStreamsAreAllGoneHasNoSchemaWithStreams() {
        PlatformGraphs graphs = new PlatformGraphs();
        PipelineGraph v1 = graph("l", Milestoning.LIVE_ONLY, List.of(stream("l", "crm")), List.of());
        graphs.apply(GraphDiff.between(null, v1));
        graphs.apply(GraphDiff.between(v1, null));

        assertThat(graphs.schemasWithStreams()).isEmpty();
        assertThat(graphs.platforms()).containsExactly("l");
    }

    @Test
    void aDiffWrittenBeforeDiffsCarriedMilestoningIsForensicWhenItsExportsHaveHistoryViews() {
        PlatformGraphs graphs = new PlatformGraphs();
        GraphDiff old = new GraphDiff("f", null, List.of(stream("f", "crm")), List.of(), List.of(),
                List.of(export("f", "crm", true)), List.of(), List.of());
        GraphDiff oldLive = new GraphDiff("l", null, List.of(stream("l", "crm")), List.of(), List.of(),
                List.of(export("l", "crm", false)), List.of(), List.of());
        graphs.apply(old);
        graphs.apply(oldLive);

        assertThat(graphs.milestoning("f")).contains(Milestoning.FORENSIC);
        assertThat(graphs.milestoning("l")).contains(Milestoning.LIVE_ONLY);
    }
}

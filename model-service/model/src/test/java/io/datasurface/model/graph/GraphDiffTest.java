package io.datasurface.model.graph;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.MAPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What changes in each platform's graph between two versions of the model. */
class GraphDiffTest {
    @TempDir
    Path dir;

    ModelFixture before;
    ModelFixture after;

    @BeforeEach
    void copies() {
        before = ModelFixture.base(dir.resolve("before"));
        after = ModelFixture.base(dir.resolve("after"));
    }

    private GraphDiff diff(String platform) {
        Map<String, PipelineGraph> a = GraphBuilder.buildAll(before.model());
        Map<String, PipelineGraph> b = GraphBuilder.buildAll(after.model());
        return GraphDiff.between(a.get(platform), b.get(platform));
    }

    private static final String LIVE_CUSTOMERS = "yellow_live/analytics/live/customers/customers";
    private static final String LIVE_ADDRESSES = "yellow_live/analytics/live/customers/addresses";

    @Test
    void graphsOfIdenticalModelsDoNotDiffer() {
        for (String platform : new String[] {"yellow_live", "yellow_forensic"}) {
            GraphDiff d = diff(platform);
            assertThat(d.isEmpty()).as(platform).isTrue();
            assertThat(d.platform()).isEqualTo(platform);
        }
    }

    @Test
    void addedColumnChangesTheStreamAndTheFingerprintOfItsExports() {
        after.insertAfter(CUSTOMERS, 27, "name: created_at", "      - { name: loyalty, type: integer }");
        GraphDiff d = diff("yellow_live");
        assertThat(d.streamsChanged()).extracting(IngestionNode::key).containsExactly("yellow_live/customers");
        assertThat(d.exportsChanged()).extracting(ExportNode::key).containsExactly(LIVE_CUSTOMERS);
        assertThat(d.streamsAdded()).isEmpty();
        assertThat(d.streamsRemoved()).isEmpty();
        assertThat(d.exportsAdded()).isEmpty();
        assertThat(d.exportsRemoved()).isEmpty();

        PipelineGraph old = GraphBuilder.build(before.model(), "yellow_live");
        String oldFingerprint = old.exports().stream().filter(e -> e.key().equals(LIVE_CUSTOMERS)).findFirst()
                .orElseThrow().fingerprint();
        assertThat(d.exportsChanged().get(0).fingerprint()).isNotEqualTo(oldFingerprint)
                .isEqualTo(d.streamsChanged().get(0).datasets().get(0).fingerprint());
        assertThat(diff("yellow_forensic").exportsChanged()).extracting(ExportNode::key)
                .containsExactly("yellow_forensic/analytics/audit/customers/customers");
    }

    @Test
    void typeWideningChangesTheFingerprint() {
        after.edit(CUSTOMERS, 36, "char(2)", "varchar(3)");
        assertThat(diff("yellow_live").exportsChanged()).extracting(ExportNode::key).containsExactly(LIVE_ADDRESSES);
    }

    @Test
    void documentationChangeDoesNotChangeTheGraph() {
        after.edit(CUSTOMERS, 5, "documentation: Customers", "documentation: All customers");
        assertThat(diff("yellow_live").isEmpty()).isTrue();
    }

    @Test
    void newDatastoreSunkByAGroupAddsAStreamAndAnExport() {
        after.write("zones/retail/teams/crm/orders.yaml", ModelFixture.storeDoc("orders", "lines"))
                .edit(ANALYTICS, 9, "customers/addresses]", "customers/addresses, orders/lines]");
        GraphDiff d = diff("yellow_live");
        assertThat(d.streamsAdded()).extracting(IngestionNode::key).containsExactly("yellow_live/orders");
        assertThat(d.exportsAdded()).extracting(ExportNode::key)
                .containsExactly("yellow_live/analytics/live/orders/lines");
        assertThat(d.streamsChanged()).isEmpty();
        assertThat(d.exportsChanged()).isEmpty();
        assertThat(diff("yellow_forensic").isEmpty()).isTrue();
    }

    @Test
    void lastSinkOfADatastoreRemovedRemovesItsStream() {
        before.write("zones/retail/teams/crm/orders.yaml", ModelFixture.storeDoc("orders", "lines"))
                .edit(ANALYTICS, 9, "customers/addresses]", "customers/addresses, orders/lines]");
        after.write("zones/retail/teams/crm/orders.yaml", ModelFixture.storeDoc("orders", "lines"));
        GraphDiff d = diff("yellow_live");
        assertThat(d.streamsRemoved()).extracting(IngestionNode::key).containsExactly("yellow_live/orders");
        assertThat(d.exportsRemoved()).extracting(ExportNode::key)
                .containsExactly("yellow_live/analytics/live/orders/lines");
        assertThat(d.streamsRemoved().get(0).datasets()).as("a removed stream carries its old node").isNotEmpty();
    }

    @Test
    void removedSinkRemovesTheExportAndNarrowsTheStream() {
        after.edit(ANALYTICS, 9, "[customers/customers, customers/addresses]", "[customers/customers]");
        GraphDiff d = diff("yellow_live");
        assertThat(d.exportsRemoved()).extracting(ExportNode::key).containsExactly(LIVE_ADDRESSES);
        assertThat(d.streamsChanged()).singleElement()
                .satisfies(s -> assertThat(s.datasets()).extracting(DatasetSpec::name).containsExactly("customers"));
    }

    @Test
    void addedSinkAddsTheExport() {
        before.edit(ANALYTICS, 9, "[customers/customers, customers/addresses]", "[customers/customers]");
        GraphDiff d = diff("yellow_live");
        assertThat(d.exportsAdded()).extracting(ExportNode::key).containsExactly(LIVE_ADDRESSES);
        assertThat(d.streamsChanged()).extracting(IngestionNode::key).containsExactly("yellow_live/customers");
    }

    @Test
    void statusChangeChangesTheExports() {
        after.edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONING\"");
        GraphDiff d = diff("yellow_live");
        assertThat(d.exportsChanged()).extracting(ExportNode::key).containsExactly(LIVE_ADDRESSES, LIVE_CUSTOMERS);
        assertThat(d.exportsChanged()).allSatisfy(e -> assertThat(e.status()).isEqualTo("DECOMMISSIONING"));
        assertThat(d.streamsChanged()).isEmpty();
    }

    @Test
    void decommissionedGroupRemovesItsExportsAndStream() {
        after.edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONED\"");
        GraphDiff d = diff("yellow_live");
        assertThat(d.exportsRemoved()).extracting(ExportNode::key).containsExactly(LIVE_ADDRESSES, LIVE_CUSTOMERS);
        assertThat(d.streamsRemoved()).extracting(IngestionNode::key).containsExactly("yellow_live/customers");
    }

    @Test
    void changingConsistencyReplacesTheStream() {
        after.edit(CUSTOMERS, 8, "multi-dataset", "single-dataset");
        GraphDiff d = diff("yellow_live");
        assertThat(d.streamsRemoved()).extracting(IngestionNode::key).containsExactly("yellow_live/customers");
        assertThat(d.streamsAdded()).extracting(IngestionNode::key)
                .containsExactly("yellow_live/customers/addresses", "yellow_live/customers/customers");
        assertThat(d.exportsChanged()).hasSize(2);
    }

    @Test
    void addedOrRemovedPlatformDiffsAgainstNothing() {
        PipelineGraph live = GraphBuilder.build(before.model(), "yellow_live");
        GraphDiff added = GraphDiff.between(null, live);
        assertThat(added.platform()).isEqualTo("yellow_live");
        assertThat(added.streamsAdded()).isEqualTo(live.streams());
        assertThat(added.exportsAdded()).isEqualTo(live.exports());
        GraphDiff removed = GraphDiff.between(live, null);
        assertThat(removed.streamsRemoved()).isEqualTo(live.streams());
        assertThat(removed.exportsRemoved()).isEqualTo(live.exports());
        assertThat(removed.streamsAdded()).isEmpty();
    }

    @Test
    void diffNeedsGraphsOfOnePlatform() {
        var graphs = GraphBuilder.buildAll(before.model());
        assertThatThrownBy(() -> GraphDiff.between(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphDiff.between(graphs.get("yellow_live"), graphs.get("yellow_forensic")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yellow_live").hasMessageContaining("yellow_forensic");
    }
}

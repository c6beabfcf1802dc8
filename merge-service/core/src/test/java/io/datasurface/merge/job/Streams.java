package io.datasurface.merge.job;

import io.datasurface.model.CaptureType;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.naming.SqlNames;
import java.util.ArrayList;
import java.util.List;

/** Builds ingestion nodes for tests: {@code Streams.stream("people").dataset("people", key("id","integer"), col(...))}. */
final class Streams {
    private final String store;
    private final List<DatasetSpec> datasets = new ArrayList<>();

    private Streams(String store) {
        this.store = store;
    }

    static Streams stream(String store) {
        return new Streams(store);
    }

    static ColumnSpec key(String name, String type) {
        return new ColumnSpec(name, type, false, true);
    }

    static ColumnSpec col(String name, String type) {
        return new ColumnSpec(name, type, true, false);
    }

    Streams dataset(String name, ColumnSpec... columns) {
        List<ColumnSpec> cols = List.of(columns);
        datasets.add(new DatasetSpec(name, SqlNames.mergeTable(store, name), SqlNames.stagingTable(store, name), null,
                cols, Fingerprints.of(cols)));
        return this;
    }

    IngestionNode node(String platform) {
        return new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null, CaptureType.SQL_SNAPSHOT,
                "external", null, null, datasets);
    }
}

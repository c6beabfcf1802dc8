package io.datasurface.ingest;

import io.datasurface.model.CaptureType;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.naming.SqlNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ingestion nodes for tests:
 * {@code Streams.snapshot("shop").dataset("orders", key("id", "integer"), col("note", "text")).node()}.
 */
public final class Streams {
    private final String store;
    private final CaptureType capture;
    private final List<DatasetSpec> datasets = new ArrayList<>();

    private Streams(String store, CaptureType capture) {
        this.store = store;
        this.capture = capture;
    }

    public static Streams snapshot(String store) {
        return new Streams(store, CaptureType.SQL_SNAPSHOT);
    }

    public static Streams watermark(String store) {
        return new Streams(store, CaptureType.SQL_WATERMARK);
    }

    public static Streams cdc(String store) {
        return new Streams(store, CaptureType.CDC);
    }

    public static ColumnSpec key(String name, String type) {
        return new ColumnSpec(name, type, false, true);
    }

    public static ColumnSpec col(String name, String type) {
        return new ColumnSpec(name, type, true, false);
    }

    public Streams dataset(String name, ColumnSpec... columns) {
        return dataset(name, null, columns);
    }

    public Streams dataset(String name, String watermark, ColumnSpec... columns) {
        List<ColumnSpec> cols = List.of(columns);
        datasets.add(new DatasetSpec(name, SqlNames.mergeTable(store, name), SqlNames.stagingTable(store, name),
                watermark, cols, Fingerprints.of(cols)));
        return this;
    }

    public IngestionNode node() {
        return new IngestionNode(IngestionNode.keyOf("test-platform", store, null), "test-platform", store, null,
                capture, "external", null, null, datasets);
    }
}

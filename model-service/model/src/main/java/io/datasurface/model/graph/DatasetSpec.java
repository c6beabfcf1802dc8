package io.datasurface.model.graph;

import java.util.List;

/**
 * A dataset an ingestion stream carries: model name, its merge and staging tables, watermark column
 * (sql-watermark only), columns in model order, and the fingerprint of that schema.
 */
public record DatasetSpec(String name, String mergeTable, String stagingTable, String watermark,
                          List<ColumnSpec> columns, String fingerprint) {
    public DatasetSpec {
        columns = List.copyOf(columns);
    }
}

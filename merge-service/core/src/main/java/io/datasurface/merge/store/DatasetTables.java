package io.datasurface.merge.store;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.type.SqlType;
import java.util.List;

/**
 * One dataset as the merge engine needs it: its tables in the platform's schema and its columns with
 * parsed types, key columns first-class.
 */
public record DatasetTables(String schema, String dataset, String mergeTable, String stagingTable,
                            List<TableColumn> columns, List<String> keys, String fingerprint) {

    public DatasetTables {
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
    }

    /** From a dataset of the pipeline graph; fails if the graph holds a type the model library rejects. */
    public static DatasetTables of(String schema, DatasetSpec spec) {
        List<TableColumn> columns = spec.columns().stream().map(c -> new TableColumn(c.name(), type(spec, c))).toList();
        List<String> keys = spec.columns().stream().filter(ColumnSpec::primaryKey).map(ColumnSpec::name).toList();
        if (keys.isEmpty()) {
            throw new DatasurfaceException("dataset '" + spec.name() + "' has no primary key; the model must mark its "
                    + "key columns", false);
        }
        return new DatasetTables(schema, spec.name(), spec.mergeTable(), spec.stagingTable(), columns, keys,
                spec.fingerprint());
    }

    private static SqlType type(DatasetSpec spec, ColumnSpec c) {
        SqlType.Parsed parsed = SqlType.parse(c.type());
        if (parsed.type() == null) {
            throw new DatasurfaceException("dataset '" + spec.name() + "' column '" + c.name() + "': " + parsed.error(),
                    false);
        }
        return parsed.type();
    }

    public List<String> columnNames() {
        return columns.stream().map(TableColumn::name).toList();
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}

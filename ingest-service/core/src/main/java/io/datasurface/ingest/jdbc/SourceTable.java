package io.datasurface.ingest.jdbc;

import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.type.SqlType;
import java.util.List;

/**
 * A dataset's source table, resolved and checked: its actual (unquoted) name, the quoted qualified
 * name to put in SQL, the modelled columns in the dataset's order, the positions of the key columns
 * among them (in column order), and the watermark column when the stream has one.
 */
public record SourceTable(DatasetSpec dataset, String name, String qualifiedName, List<SourceColumn> columns,
                          List<Integer> keyIndexes, SourceColumn watermark) {
    public SourceTable {
        columns = List.copyOf(columns);
        keyIndexes = List.copyOf(keyIndexes);
    }

    /** Actual source names of the key columns, in key order. */
    public List<String> keyNames() {
        return keyIndexes.stream().map(i -> columns.get(i).name()).toList();
    }

    /** The key columns, in key order. */
    public List<SourceColumn> keyColumns() {
        return keyIndexes.stream().map(columns::get).toList();
    }

    /** Model types of the key columns, in key order. */
    public List<SqlType> keyTypes() {
        return keyIndexes.stream().map(i -> columns.get(i).modelType()).toList();
    }

    /** The key values of a row given in column order. */
    public Object[] keyOf(Object[] row) {
        Object[] key = new Object[keyIndexes.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyIndexes.get(i)];
        }
        return key;
    }
}

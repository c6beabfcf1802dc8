package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;
import java.util.Optional;

/** One table of a datastore. {@code watermark} overrides the datastore's watermark column. */
public record Dataset(String name, String documentation, List<String> classifications, String watermark,
                      List<Column> columns, Location at) {
    public Dataset {
        classifications = List.copyOf(classifications);
        columns = List.copyOf(columns);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> columnName != null && columnName.equals(c.name())).findFirst();
    }

    public List<Column> primaryKey() {
        return columns.stream().filter(Column::primaryKey).toList();
    }
}

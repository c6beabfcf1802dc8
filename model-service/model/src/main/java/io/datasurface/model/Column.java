package io.datasurface.model;

import io.datasurface.model.problem.Location;
import io.datasurface.model.type.SqlType;
import java.util.List;

/**
 * A dataset column. {@code type} is null when the model's type was not understood (reported by the
 * loader); {@code typeText} is what the model wrote.
 */
public record Column(String name, SqlType type, String typeText, boolean nullable, boolean primaryKey,
                     List<String> classifications, Location at) {
    public Column {
        classifications = List.copyOf(classifications);
    }
}

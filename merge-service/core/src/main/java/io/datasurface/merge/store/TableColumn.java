package io.datasurface.merge.store;

import io.datasurface.model.type.SqlType;

/** A column of a merge or staging table as the database or the model describes it. */
public record TableColumn(String name, SqlType type) {
}

package io.datasurface.model.graph;

/** A column as the pipeline needs it: SQL name, canonical type, nullability, key membership. */
public record ColumnSpec(String name, String type, boolean nullable, boolean primaryKey) {
}

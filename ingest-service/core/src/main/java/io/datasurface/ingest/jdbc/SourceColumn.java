package io.datasurface.ingest.jdbc;

import io.datasurface.model.type.SqlType;

/**
 * A modelled column as found in the source: its actual name there, its source type, and the model
 * type its values are read as (null for a watermark column the model does not carry).
 */
public record SourceColumn(String name, SourceType sourceType, SqlType modelType) {
}

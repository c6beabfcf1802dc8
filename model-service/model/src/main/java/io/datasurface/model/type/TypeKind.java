package io.datasurface.model.type;

/** The column types a model may use. Canonical spelling is {@link #spelling()}. */
public enum TypeKind {
    BOOLEAN("boolean"),
    SMALLINT("smallint"),
    INTEGER("integer"),
    BIGINT("bigint"),
    REAL("real"),
    DOUBLE("double"),
    DECIMAL("decimal"),
    CHAR("char"),
    VARCHAR("varchar"),
    TEXT("text"),
    DATE("date"),
    TIME("time"),
    TIMESTAMP("timestamp"),
    TIMESTAMPTZ("timestamptz"),
    UUID("uuid"),
    BYTEA("bytea");

    private final String spelling;

    TypeKind(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** True for the types a watermark column may have: integers and timestamps. */
    public boolean isWatermarkType() {
        return this == SMALLINT || this == INTEGER || this == BIGINT || this == TIMESTAMP || this == TIMESTAMPTZ;
    }
}

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
    BYTEA("bytea"),
    JSON("json"),
    JSONB("jsonb"),
    INTERVAL("interval"),
    INET("inet"),
    CIDR("cidr"),
    MACADDR("macaddr"),
    MACADDR8("macaddr8"),
    TIMETZ("timetz"),
    BIT("bit"),
    VARBIT("varbit"),
    XML("xml"),
    /** An array of one of the other kinds ({@link SqlType#element()}). */
    ARRAY("array"),
    /** Text limited to the labels the type names ({@link SqlType#labels()}); a PostgreSQL enum's counterpart. */
    ENUM("enum");

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

    /**
     * True for the kinds whose values travel as PostgreSQL's own text form of the value (a
     * {@link String}): json, jsonb, interval, the network types, timetz, bit strings, xml, arrays and
     * enums. The merge store's column has the real type, which reads that text back as the same value.
     */
    public boolean carriedAsText() {
        return ordinal() >= JSON.ordinal();
    }

    /** True for the kinds whose values are strings: char, varchar, text, and those {@link #carriedAsText()}. */
    public boolean isStringValued() {
        return this == CHAR || this == VARCHAR || this == TEXT || carriedAsText();
    }

    /**
     * False for the kinds PostgreSQL has no equality operator for (json, xml): such a column cannot be
     * part of a primary key.
     */
    public boolean hasEquality() {
        return this != JSON && this != XML;
    }
}

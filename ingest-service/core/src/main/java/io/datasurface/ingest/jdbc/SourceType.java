package io.datasurface.ingest.jdbc;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A source column's type as the JDBC driver reports it, classified into the model's type kinds.
 * {@code kind} is null for a type the model has no counterpart for (json, interval, arrays…).
 * {@code length} is the length of char/varchar, the precision of decimal (-1 when unbounded) and the
 * fractional-second digits of time and timestamp; {@code scale} is the decimal scale.
 * {@code spelling} is how the source names it, for messages. For the kinds the model
 * {@link TypeKind#carriedAsText() carries as text} (PostgreSQL's json, interval, arrays, enums…),
 * {@code exact} is the model type that holds the source type exactly (an enum's labels, an array's
 * element type); it is null for the other kinds.
 */
public record SourceType(TypeKind kind, int length, int scale, String spelling, SqlType exact) {

    public SourceType(TypeKind kind, int length, int scale, String spelling) {
        this(kind, length, scale, spelling, null);
    }

    /** Fractional-second digits or interval fields in a PostgreSQL type name, which the model does not keep. */
    private static final Pattern PRECISION = Pattern.compile(
            "^(time|timestamp|interval)\\(\\d+\\)| (year|month|day|hour|minute|second)( to (month|hour|minute|second))?(\\(\\d+\\))?|(?<=second)\\(\\d+\\)");

    /** Names drivers report with a JDBC type that would otherwise be mistaken for a model type. */
    private static final Set<String> UNSUPPORTED = Set.of("bit", "varbit", "bit varying", "timetz",
            "time with time zone", "money", "interval", "json", "jsonb", "xml");

    private static final String WITH_TIME_ZONE = " with time zone";

    /** Fractional-second digits the model's time and timestamp types keep (microseconds). */
    public static final int MODEL_FRACTION_DIGITS = 6;

    /**
     * @param dataType {@code DATA_TYPE} of {@link java.sql.DatabaseMetaData#getColumns}
     * @param typeName {@code TYPE_NAME}
     * @param size     {@code COLUMN_SIZE}
     * @param digits   {@code DECIMAL_DIGITS}, null when the driver reports none
     */
    public static SourceType of(int dataType, String typeName, int size, Integer digits) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        int d = digits == null ? 0 : digits;
        TypeKind kind = UNSUPPORTED.contains(name) ? null : byName(name);
        if (kind == null && !UNSUPPORTED.contains(name)) {
            kind = byJdbcType(dataType);
        }
        if (kind == null) {
            return new SourceType(null, -1, 0, name.isEmpty() ? "JDBC type " + dataType : name);
        }
        return switch (kind) {
            case CHAR, VARCHAR -> new SourceType(kind, size, 0, size <= 0 || size == Integer.MAX_VALUE ? name
                    : name + "(" + size + ")");
            case DECIMAL -> decimal(name, size, digits);
            case TIME, TIMESTAMP, TIMESTAMPTZ -> new SourceType(kind, d, 0, name.endsWith(WITH_TIME_ZONE)
                    ? name.substring(0, name.length() - WITH_TIME_ZONE.length()) + "(" + d + ")" + WITH_TIME_ZONE
                    : name + "(" + d + ")");
            default -> new SourceType(kind, -1, 0, name);
        };
    }

    /**
     * A PostgreSQL column of a kind the model {@link TypeKind#carriedAsText() carries as text}, from the
     * server's own name of its type ({@code format_type}), or null when it is none of them (then the
     * driver's report classifies it).
     *
     * @param formatType {@code format_type(typid, typmod)} of the column's type, domains resolved
     * @param enumLabels the labels when the type is an enum, in their order; else null
     */
    public static SourceType postgres(String formatType, List<String> enumLabels) {
        if (enumLabels != null) {
            return new SourceType(TypeKind.ENUM, -1, 0, formatType + " (an enum)", SqlType.enumOf(enumLabels));
        }
        String plain = PRECISION.matcher(formatType.toLowerCase(Locale.ROOT)).replaceAll(m -> m.group(1) != null
                ? m.group(1) : "");
        SqlType type = SqlType.parse(plain).type();
        if (type == null || !type.kind().carriedAsText()) {
            return null;
        }
        return new SourceType(type.kind(), type.length(), 0, formatType, type);
    }

    /** PostgreSQL's point, line, lseg, box, path, polygon and circle, which the model carries only as text. */
    public boolean isGeometric() {
        return kind == null && GEOMETRIC.contains(spelling);
    }

    private static final Set<String> GEOMETRIC = Set.of("point", "line", "lseg", "box", "path", "polygon", "circle");

    /**
     * Whether change data capture can hand over this source type's text form when the model says text:
     * the types the model carries as text (but time with time zone, which Debezium moves to UTC), the
     * geometric types, and the types Debezium passes on as the server's text ({@code tsvector}, ranges,
     * {@code hstore}, types of extensions…); not {@code money}, which Debezium turns into a double.
     */
    public boolean cdcTextForm() {
        if (kind != null) {
            return kind.carriedAsText() && kind != TypeKind.TIMETZ;
        }
        return !spelling.equals("money");
    }

    /** Whether Debezium treats this type as unknown (no counterpart of its own) and passes on its text. */
    public boolean cdcUnknown() {
        return kind == null && !isGeometric() && cdcTextForm();
    }

    /** A string type: char, varchar or text. */
    public boolean isString() {
        return kind == TypeKind.CHAR || kind == TypeKind.VARCHAR || kind == TypeKind.TEXT;
    }

    /** A column of a domain named {@code domain} over this type: this type, named for messages. */
    public SourceType asDomain(String domain) {
        return new SourceType(kind, length, scale, domain + " (a domain over " + spelling + ")", exact);
    }

    private static SourceType decimal(String name, int size, Integer digits) {
        if (name.equals("decfloat") || size <= 0 || digits == null) {
            return new SourceType(TypeKind.DECIMAL, -1, 0, name);
        }
        return new SourceType(TypeKind.DECIMAL, size, digits, name + "(" + size + "," + digits + ")");
    }

    private static TypeKind byName(String name) {
        return switch (name) {
            case "uuid" -> TypeKind.UUID;
            case "timestamptz", "timestamp with time zone" -> TypeKind.TIMESTAMPTZ;
            case "text", "character large object", "clob", "nclob" -> TypeKind.TEXT;
            case "bytea" -> TypeKind.BYTEA;
            case "bool", "boolean" -> TypeKind.BOOLEAN;
            case "serial", "int4" -> TypeKind.INTEGER;
            case "bigserial", "int8" -> TypeKind.BIGINT;
            case "smallserial", "int2" -> TypeKind.SMALLINT;
            default -> null;
        };
    }

    private static TypeKind byJdbcType(int dataType) {
        return switch (dataType) {
            case Types.BIT, Types.BOOLEAN -> TypeKind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT -> TypeKind.SMALLINT;
            case Types.INTEGER -> TypeKind.INTEGER;
            case Types.BIGINT -> TypeKind.BIGINT;
            case Types.REAL -> TypeKind.REAL;
            case Types.FLOAT, Types.DOUBLE -> TypeKind.DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> TypeKind.DECIMAL;
            case Types.CHAR, Types.NCHAR -> TypeKind.CHAR;
            case Types.VARCHAR, Types.NVARCHAR -> TypeKind.VARCHAR;
            case Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> TypeKind.TEXT;
            case Types.DATE -> TypeKind.DATE;
            case Types.TIME -> TypeKind.TIME;
            case Types.TIMESTAMP -> TypeKind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TypeKind.TIMESTAMPTZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> TypeKind.BYTEA;
            default -> null;
        };
    }
}

package io.datasurface.model.type;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type. {@code length} is the length of char/varchar/bit/varbit or the precision of decimal,
 * and -1 where it does not apply (or for an unbounded decimal or varbit); {@code scale} is the decimal
 * scale, else 0. {@code element} is an array's element type (null for other kinds); {@code labels} are an
 * enum's values in the order the model gives them (empty for other kinds).
 */
public record SqlType(TypeKind kind, int length, int scale, SqlType element, List<String> labels) {

    public SqlType {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public SqlType(TypeKind kind, int length, int scale) {
        this(kind, length, scale, null, List.of());
    }

    /**
     * Every spelling {@link #parse} accepts, canonical first and other spellings in parentheses, for
     * error messages and docs.
     */
    public static final String ACCEPTED = "boolean (bool), smallint (int2), integer (int, int4), bigint (int8), "
            + "real (float4), double (double precision, float8), decimal(p,s), decimal(p), decimal "
            + "(numeric(p,s), numeric(p), numeric), char(n), char (character(n), character), "
            + "varchar(n) (character varying(n)), text, date, time (time without time zone), "
            + "timestamp (timestamp without time zone), timestamptz (timestamp with time zone), uuid, bytea, "
            + "json, jsonb, interval, inet, cidr, macaddr, macaddr8, timetz (time with time zone), bit(n), bit "
            + "(bit(1)), varbit(n), varbit (bit varying(n), bit varying), xml, enum('a','b'); "
            + "an array of any of these but enum: its type then [], e.g. text[], decimal(p,s)[]";

    private static final Pattern ENUM = Pattern.compile("(?is)\\s*enum\\s*\\((.*)\\)\\s*");
    private static final Pattern SHAPE = Pattern.compile("([a-z][a-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");
    public static final int MAX_CHAR_LENGTH = 10_485_760;
    public static final int MAX_DECIMAL_PRECISION = 1000;
    public static final int MAX_BIT_LENGTH = 83_886_080;

    private static final Map<String, TypeKind> NAMES = Map.ofEntries(
            Map.entry("boolean", TypeKind.BOOLEAN), Map.entry("bool", TypeKind.BOOLEAN),
            Map.entry("smallint", TypeKind.SMALLINT), Map.entry("int2", TypeKind.SMALLINT),
            Map.entry("integer", TypeKind.INTEGER), Map.entry("int", TypeKind.INTEGER), Map.entry("int4", TypeKind.INTEGER),
            Map.entry("bigint", TypeKind.BIGINT), Map.entry("int8", TypeKind.BIGINT),
            Map.entry("real", TypeKind.REAL), Map.entry("float4", TypeKind.REAL),
            Map.entry("double", TypeKind.DOUBLE), Map.entry("double precision", TypeKind.DOUBLE),
            Map.entry("float8", TypeKind.DOUBLE),
            Map.entry("decimal", TypeKind.DECIMAL), Map.entry("numeric", TypeKind.DECIMAL),
            Map.entry("char", TypeKind.CHAR), Map.entry("character", TypeKind.CHAR),
            Map.entry("varchar", TypeKind.VARCHAR), Map.entry("character varying", TypeKind.VARCHAR),
            Map.entry("text", TypeKind.TEXT),
            Map.entry("date", TypeKind.DATE),
            Map.entry("time", TypeKind.TIME), Map.entry("time without time zone", TypeKind.TIME),
            Map.entry("timestamp", TypeKind.TIMESTAMP), Map.entry("timestamp without time zone", TypeKind.TIMESTAMP),
            Map.entry("timestamptz", TypeKind.TIMESTAMPTZ), Map.entry("timestamp with time zone", TypeKind.TIMESTAMPTZ),
            Map.entry("uuid", TypeKind.UUID),
            Map.entry("bytea", TypeKind.BYTEA),
            Map.entry("json", TypeKind.JSON), Map.entry("jsonb", TypeKind.JSONB),
            Map.entry("interval", TypeKind.INTERVAL),
            Map.entry("inet", TypeKind.INET), Map.entry("cidr", TypeKind.CIDR),
            Map.entry("macaddr", TypeKind.MACADDR), Map.entry("macaddr8", TypeKind.MACADDR8),
            Map.entry("timetz", TypeKind.TIMETZ), Map.entry("time with time zone", TypeKind.TIMETZ),
            Map.entry("bit", TypeKind.BIT),
            Map.entry("varbit", TypeKind.VARBIT), Map.entry("bit varying", TypeKind.VARBIT),
            Map.entry("xml", TypeKind.XML));

    public static SqlType of(TypeKind kind) {
        return new SqlType(kind, -1, 0);
    }

    public static SqlType varchar(int length) {
        return new SqlType(TypeKind.VARCHAR, length, 0);
    }

    public static SqlType decimal(int precision, int scale) {
        return new SqlType(TypeKind.DECIMAL, precision, scale);
    }

    public static SqlType arrayOf(SqlType element) {
        return new SqlType(TypeKind.ARRAY, -1, 0, element, List.of());
    }

    public static SqlType enumOf(List<String> labels) {
        return new SqlType(TypeKind.ENUM, -1, 0, null, labels);
    }

    /**
     * Parses a type as written in a model, e.g. {@code varchar(20)}, {@code DECIMAL(10, 2)}, {@code int}.
     *
     * @return the type, or the reason it is not one
     */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.error("a column type is required; use one of: " + ACCEPTED);
        }
        Matcher e = ENUM.matcher(text);
        if (e.matches()) {
            return enumLabels(text, e.group(1));
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (t.endsWith("[]")) {
            String inner = t.substring(0, t.length() - 2).trim();
            if (inner.endsWith("[]")) {
                return Parsed.error("type '" + text + "' is an array of arrays; declare it "
                        + inner + " (a PostgreSQL array column takes any number of dimensions)");
            }
            Parsed element = parse(inner);
            if (element.error() != null) {
                return Parsed.error("the elements of array type '" + text + "': " + element.error());
            }
            if (element.type().kind() == TypeKind.ENUM) {
                return Parsed.error("type '" + text + "' is an array of enum values, which the model does not have; "
                        + "declare it text[]");
            }
            return Parsed.ok(arrayOf(element.type()));
        }
        if (t.startsWith("enum")) {
            return Parsed.error("type '" + text + "' needs its values in parentheses, each in single quotes, "
                    + "e.g. enum('G','PG','R')");
        }
        Matcher m = SHAPE.matcher(t);
        if (!m.matches()) {
            return Parsed.error("unknown column type '" + text + "'; use one of: " + ACCEPTED);
        }
        TypeKind kind = NAMES.get(m.group(1).trim());
        if (kind == null) {
            return Parsed.error("unknown column type '" + text + "'; use one of: " + ACCEPTED);
        }
        Integer a = m.group(2) == null ? null : parseIntOrMinus(m.group(2));
        Integer b = m.group(3) == null ? null : parseIntOrMinus(m.group(3));
        switch (kind) {
            case CHAR, VARCHAR -> {
                if (b != null) {
                    return Parsed.error("type '" + text + "' takes one length, e.g. " + kind.spelling() + "(20)");
                }
                if (a == null) {
                    if (kind == TypeKind.CHAR) {
                        return Parsed.ok(new SqlType(kind, 1, 0));
                    }
                    return Parsed.error("type '" + text + "' needs a length, e.g. varchar(100); use text for unbounded strings");
                }
                if (a < 1 || a > MAX_CHAR_LENGTH) {
                    return Parsed.error("length of '" + text + "' must be between 1 and " + MAX_CHAR_LENGTH);
                }
                return Parsed.ok(new SqlType(kind, a, 0));
            }
            case BIT, VARBIT -> {
                if (b != null) {
                    return Parsed.error("type '" + text + "' takes one length, e.g. " + kind.spelling() + "(8)");
                }
                if (a == null) {
                    return Parsed.ok(new SqlType(kind, kind == TypeKind.BIT ? 1 : -1, 0));
                }
                if (a < 1 || a > MAX_BIT_LENGTH) {
                    return Parsed.error("length of '" + text + "' must be between 1 and " + MAX_BIT_LENGTH);
                }
                return Parsed.ok(new SqlType(kind, a, 0));
            }
            case DECIMAL -> {
                if (a == null) {
                    return Parsed.ok(new SqlType(kind, -1, 0));
                }
                int scale = b == null ? 0 : b;
                if (a < 1 || a > MAX_DECIMAL_PRECISION) {
                    return Parsed.error("precision of '" + text + "' must be between 1 and " + MAX_DECIMAL_PRECISION);
                }
                if (scale > a) {
                    return Parsed.error("scale of '" + text + "' must not exceed its precision");
                }
                return Parsed.ok(new SqlType(kind, a, scale));
            }
            default -> {
                if (a != null) {
                    return Parsed.error("type '" + text + "' takes no length or precision; write " + kind.spelling());
                }
                return Parsed.ok(of(kind));
            }
        }
    }

    /** {@code 'G', 'PG-13', 'it''s'}: single-quoted labels, a doubled quote standing for one. */
    private static Parsed enumLabels(String text, String body) {
        List<String> labels = new ArrayList<>();
        int i = 0;
        int n = body.length();
        String usage = "write enum('a','b'): each value in single quotes, a quote inside a value doubled";
        while (true) {
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= n || body.charAt(i) != '\'') {
                return Parsed.error("type '" + text + "' is not a list of quoted values; " + usage);
            }
            StringBuilder label = new StringBuilder();
            i++;
            while (true) {
                if (i >= n) {
                    return Parsed.error("type '" + text + "' has a value without its closing quote; " + usage);
                }
                char c = body.charAt(i++);
                if (c == '\'') {
                    if (i < n && body.charAt(i) == '\'') {
                        label.append('\'');
                        i++;
                        continue;
                    }
                    break;
                }
                label.append(c);
            }
            if (label.isEmpty()) {
                return Parsed.error("type '" + text + "' has an empty value; PostgreSQL enum values are 1 to 63 "
                        + "bytes");
            }
            labels.add(label.toString());
            while (i < n && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (body.charAt(i) != ',') {
                return Parsed.error("type '" + text + "' has something other than a comma after '" + label + "'; "
                        + usage);
            }
            i++;
        }
        if (new LinkedHashSet<>(labels).size() != labels.size()) {
            return Parsed.error("type '" + text + "' names a value twice; name each value once");
        }
        return Parsed.ok(enumOf(labels));
    }

    private static int parseIntOrMinus(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a column of this type may change to {@code to} without losing or reinterpreting data:
     * varchar(n) → varchar(m ≥ n) → text, char(n) → char/varchar(m ≥ n) → text, smallint → integer →
     * bigint, decimal(p,s) → decimal(q ≥ p, s), real → double, date → timestamp, bit(n) → varbit(m ≥ n)
     * → varbit, varbit(n) → varbit, enum → an enum with all its values and more → text. An unchanged type
     * is a widening too; arrays widen only to themselves.
     */
    public boolean widensTo(SqlType to) {
        if (equals(to)) {
            return true;
        }
        return switch (kind) {
            case VARCHAR -> to.kind == TypeKind.TEXT || (to.kind == TypeKind.VARCHAR && to.length >= length);
            case CHAR -> to.kind == TypeKind.TEXT
                    || ((to.kind == TypeKind.VARCHAR || to.kind == TypeKind.CHAR) && to.length >= length);
            case SMALLINT -> to.kind == TypeKind.INTEGER || to.kind == TypeKind.BIGINT;
            case INTEGER -> to.kind == TypeKind.BIGINT;
            case DECIMAL -> to.kind == TypeKind.DECIMAL
                    && (to.length == -1 ? true : length != -1 && to.length >= length && to.scale == scale);
            case REAL -> to.kind == TypeKind.DOUBLE;
            case DATE -> to.kind == TypeKind.TIMESTAMP;
            case BIT -> to.kind == TypeKind.VARBIT && (to.length == -1 || to.length >= length);
            case VARBIT -> to.kind == TypeKind.VARBIT && (to.length == -1 || length != -1 && to.length >= length);
            case ENUM -> to.kind == TypeKind.TEXT || (to.kind == TypeKind.ENUM && to.labels.containsAll(labels));
            default -> false;
        };
    }

    /**
     * False for the types PostgreSQL cannot compare for equality (json, xml, and arrays of them): such a
     * column cannot be part of a primary key.
     */
    public boolean hasEquality() {
        return kind.hasEquality() && (element == null || element.hasEquality());
    }

    /** Canonical spelling: {@code varchar(20)}, {@code decimal(10,2)}, {@code bigint}, {@code text[]}, {@code enum('a','b')}. */
    @Override
    public String toString() {
        return switch (kind) {
            case CHAR, VARCHAR -> kind.spelling() + "(" + length + ")";
            case DECIMAL -> length == -1 ? "decimal" : "decimal(" + length + "," + scale + ")";
            case BIT -> "bit(" + length + ")";
            case VARBIT -> length == -1 ? "varbit" : "varbit(" + length + ")";
            case ARRAY -> element + "[]";
            case ENUM -> "enum(" + String.join(",", labels.stream().map(SqlType::quoted).toList()) + ")";
            default -> kind.spelling();
        };
    }

    /** An enum value as the model writes it: in single quotes, a quote inside doubled ({@code 'it''s'}). */
    public static String quoted(String label) {
        return "'" + label.replace("'", "''") + "'";
    }

    /** Result of {@link #parse}: a type or an error message. */
    public record Parsed(SqlType type, String error) {
        static Parsed ok(SqlType type) {
            return new Parsed(type, null);
        }

        static Parsed error(String message) {
            return new Parsed(null, message);
        }

        public Optional<SqlType> value() {
            return Optional.ofNullable(type);
        }
    }
}

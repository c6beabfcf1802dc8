package io.datasurface.ingest.jdbc;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.util.List;

/**
 * Whether a source column's values fit a model column without loss. The rules, by source type:
 * <ul>
 *   <li>boolean → boolean; uuid → uuid; binary of any kind → bytea; date → date or timestamp;</li>
 *   <li>smallint → smallint, integer, bigint; integer → integer, bigint; bigint → bigint; and any of
 *       them → decimal(p,s) when p - s holds their digits (5, 10, 19), or unbounded decimal;</li>
 *   <li>decimal(p,s) → decimal(p2,s2) when s ≤ s2 and p - s ≤ p2 - s2; anything → unbounded decimal;
 *       unbounded decimal → unbounded decimal only;</li>
 *   <li>real → real or double; double → double;</li>
 *   <li>char(n) → char(m), varchar(m) with n ≤ m, or text; varchar(n) → varchar(m ≥ n) or text;
 *       text/clob → text;</li>
 *   <li>time(p) → time, timestamp(p) → timestamp, timestamptz(p) → timestamptz, with p ≤ 6 (the
 *       model keeps microseconds);</li>
 *   <li>PostgreSQL's json, jsonb, interval, inet, cidr, macaddr, macaddr8, time with time zone, bit,
 *       bit varying, xml, arrays and enums → the same model type (an enum: one naming at least its
 *       labels; arrays: also elements widened without changing their text, e.g. integer[] → bigint[]),
 *       read as their text form;</li>
 *   <li>any type at all → text: a source column that is not a string type is read as the source's own
 *       text form of its values ({@link #asText}), which loses nothing.</li>
 * </ul>
 * Everything else (other families, wider sources, types the model does not have) does not fit, and
 * {@link #advice} says what would.
 */
public final class TypeFit {
    private TypeFit() {
    }

    public static boolean fits(SourceType source, SqlType model) {
        if (model.kind() == TypeKind.TEXT) {
            return true;
        }
        if (source.kind() == null) {
            return false;
        }
        if (source.kind().carriedAsText()) {
            return carriedFits(source.exact(), model);
        }
        TypeKind to = model.kind();
        return switch (source.kind()) {
            case BOOLEAN, UUID, BYTEA, DOUBLE -> to == source.kind();
            case DATE -> to == TypeKind.DATE || to == TypeKind.TIMESTAMP;
            case REAL -> to == TypeKind.REAL || to == TypeKind.DOUBLE;
            case SMALLINT -> to == TypeKind.SMALLINT || to == TypeKind.INTEGER || to == TypeKind.BIGINT
                    || integerIntoDecimal(5, model);
            case INTEGER -> to == TypeKind.INTEGER || to == TypeKind.BIGINT || integerIntoDecimal(10, model);
            case BIGINT -> to == TypeKind.BIGINT || integerIntoDecimal(19, model);
            case DECIMAL -> to == TypeKind.DECIMAL && decimalFits(source, model);
            case CHAR -> to == TypeKind.TEXT
                    || ((to == TypeKind.CHAR || to == TypeKind.VARCHAR) && source.length() <= model.length());
            case VARCHAR -> to == TypeKind.TEXT || (to == TypeKind.VARCHAR && source.length() <= model.length());
            case TEXT -> to == TypeKind.TEXT;
            case TIME, TIMESTAMP, TIMESTAMPTZ -> to == source.kind()
                    && source.length() <= SourceType.MODEL_FRACTION_DIGITS;
            default -> false;
        };
    }

    /**
     * A type carried as text fits its own model type, the widenings of it (bit(n) → varbit, an enum → an
     * enum with more labels), and for arrays an array whose elements are a widening that keeps the
     * elements' text (integer[] → bigint[], varchar(10)[] → text[]).
     */
    private static boolean carriedFits(SqlType source, SqlType model) {
        if (source.kind() == TypeKind.ARRAY && model.kind() == TypeKind.ARRAY) {
            SqlType from = source.element();
            SqlType to = model.element();
            return from.equals(to) || (from.widensTo(to) && from.kind() != TypeKind.REAL && from.kind() != TypeKind.DATE
                    && from.kind() != TypeKind.CHAR);
        }
        return source.widensTo(model);
    }

    /**
     * Whether values of {@code source} are read as their text form: the model says text and the source is
     * no string, or the model's type is one {@link TypeKind#carriedAsText() carried as text}.
     */
    public static boolean asText(SourceType source, SqlType model) {
        return model != null && (model.kind() == TypeKind.TEXT && !source.isString() || model.kind().carriedAsText());
    }

    /**
     * The model type that carries {@code source} exactly, or null when only text can (types the model
     * has no counterpart for, times with more than microseconds, over-long strings).
     */
    public static SqlType exact(SourceType source) {
        if (source.kind() == null) {
            return null;
        }
        if (source.kind().carriedAsText()) {
            return source.exact();
        }
        return switch (source.kind()) {
            case CHAR, VARCHAR -> source.length() >= 1 && source.length() <= SqlType.MAX_CHAR_LENGTH
                    ? new SqlType(source.kind(), source.length(), 0) : SqlType.of(TypeKind.TEXT);
            case DECIMAL -> source.length() >= 1 && source.length() <= SqlType.MAX_DECIMAL_PRECISION
                    && source.scale() >= 0 && source.scale() <= source.length()
                    ? SqlType.decimal(source.length(), source.scale()) : SqlType.of(TypeKind.DECIMAL);
            case TIME, TIMESTAMP, TIMESTAMPTZ -> source.length() <= SourceType.MODEL_FRACTION_DIGITS
                    ? SqlType.of(source.kind()) : null;
            default -> SqlType.of(source.kind());
        };
    }

    /**
     * What the model must say for {@code source} to fit, for a message about a column that does not fit
     * {@code model}: the one change that works.
     */
    public static String advice(SourceType source, SqlType model) {
        SqlType exact = exact(source);
        if (exact != null && exact.kind() == TypeKind.ENUM && model.kind() == TypeKind.ENUM) {
            List<String> missing = exact.labels().stream().filter(l -> !model.labels().contains(l)).toList();
            return "add " + String.join(", ", missing.stream().map(SqlType::quoted).toList())
                    + " to the model's enum (the source's enum has " + (missing.size() == 1 ? "it" : "them")
                    + "), or declare it text";
        }
        if (exact == null) {
            return "declare it text (no other model type carries " + source.spelling()
                    + " without loss; text carries the source's own text form of each value)";
        }
        if (model.widensTo(exact)) {
            return "widen the model's type to " + exact + ", or change the source column";
        }
        return "declare it " + exact + " (or text, which carries the source's text form of any value), "
                + "or change the source column";
    }

    private static boolean integerIntoDecimal(int digits, SqlType model) {
        return model.kind() == TypeKind.DECIMAL
                && (model.length() == -1 || model.length() - model.scale() >= digits);
    }

    private static boolean decimalFits(SourceType source, SqlType model) {
        if (model.length() == -1) {
            return true;
        }
        if (source.length() == -1) {
            return false;
        }
        return source.scale() <= model.scale()
                && source.length() - source.scale() <= model.length() - model.scale();
    }
}

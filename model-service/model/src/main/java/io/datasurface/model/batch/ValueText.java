package io.datasurface.model.batch;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Text forms of the Java values of {@link io.datasurface.model.batch.BatchSink}. {@link #literal} is
 * what PostgreSQL reads back as the same value (dates as {@code 2024-01-02}, {@code 0044-03-15 BC} and
 * {@code 10000-01-01}; a timestamptz in UTC). {@link #canonical} is the form hashed for change
 * detection, equal exactly when the values are equal, and unchanged by the model's allowed widenings:
 * {@code 1.50} and {@code 1.5} are alike, a timestamptz is its instant, a date is that day at midnight
 * (as a timestamp is), and a real is the double it widens to. The kinds carried as text (json, interval,
 * arrays…) are PostgreSQL's own text form, both as literal and canonically: PostgreSQL writes one value
 * one way (jsonb sorts its keys, an interval keeps its months, days and microseconds apart), so equal
 * values have equal texts; a json value keeps its text exactly, as PostgreSQL does.
 */
public final class ValueText {
    private static final HexFormat HEX = HexFormat.of();

    private ValueText() {
    }

    public static String literal(TypeKind kind, Object value) {
        return switch (kind) {
            case BOOLEAN -> bool(value);
            case SMALLINT, INTEGER, BIGINT, TEXT, VARCHAR -> plain(kind, value);
            case CHAR -> stripTrailingBlanks(plain(kind, value));
            case REAL -> Float.toString(as(kind, value, Float.class));
            case DOUBLE -> Double.toString(as(kind, value, Double.class));
            case DECIMAL -> value instanceof Double special ? numericSpecial(special)
                    : as(kind, value, BigDecimal.class).toPlainString();
            case DATE -> infinity(value, LocalDate.MAX, LocalDate.MIN) ? infinityText(value, LocalDate.MAX)
                    : date(as(kind, value, LocalDate.class));
            case TIME -> time(as(kind, value, LocalTime.class));
            case TIMESTAMP -> infinity(value, LocalDateTime.MAX, LocalDateTime.MIN)
                    ? infinityText(value, LocalDateTime.MAX) : timestamp(as(kind, value, LocalDateTime.class), "");
            case TIMESTAMPTZ -> infinity(value, OffsetDateTime.MAX, OffsetDateTime.MIN)
                    ? infinityText(value, OffsetDateTime.MAX) : timestamp(as(kind, value, OffsetDateTime.class)
                    .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
            case UUID -> as(kind, value, UUID.class).toString();
            case BYTEA -> "\\x" + HEX.formatHex(as(kind, value, byte[].class));
            case JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML, ARRAY, ENUM ->
                    as(kind, value, String.class);
        };
    }

    /** numeric's special values, which reach Java as a Double: {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    private static String numericSpecial(Double value) {
        if (value.isNaN()) {
            return "NaN";
        }
        if (value.isInfinite()) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        throw new DatasurfaceException("a reader passed the Double " + value + " for a decimal column; only NaN and "
                + "the infinities come as a Double; this is a bug in the reader", false);
    }

    /** The canonical form from the value and its {@link #literal} (computed once by the caller). */
    public static String canonical(TypeKind kind, Object value, String literal) {
        return switch (kind) {
            case REAL -> Double.toString(((Float) value).doubleValue());
            case DECIMAL -> value instanceof Double ? literal : stripZeros(literal);
            case DATE -> literal.endsWith("infinity") ? literal : literal.endsWith(" BC") ? literal.substring(0, literal.length() - 3) + " 00:00:00 BC"
                    : literal + " 00:00:00";
            case BYTEA -> literal.substring(2);
            default -> literal;
        };
    }

    /** {@code 1.50} → {@code 1.5}, {@code 2.00} → {@code 2}, {@code -0.00} → {@code 0}; plain decimal text only. */
    static String stripZeros(String plain) {
        if (plain.indexOf('.') < 0) {
            return plain.equals("-0") ? "0" : plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        String s = plain.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    public static String canonical(TypeKind kind, Object value) {
        return canonical(kind, value, literal(kind, value));
    }

    /**
     * PostgreSQL's {@code infinity} and {@code -infinity} reach Java as the MAX and MIN of the date and
     * time types (pgjdbc's mapping); they are written back as those words.
     */
    private static boolean infinity(Object value, Object max, Object min) {
        return max.equals(value) || min.equals(value);
    }

    private static String infinityText(Object value, Object max) {
        return max.equals(value) ? "infinity" : "-infinity";
    }

    /** char(n) pads with blanks that carry no meaning; without them a char widened to varchar hashes alike. */
    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    private static String bool(Object value) {
        return as(TypeKind.BOOLEAN, value, Boolean.class) ? "t" : "f";
    }

    private static String plain(TypeKind kind, Object value) {
        Class<?> expected = switch (kind) {
            case SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            default -> String.class;
        };
        return as(kind, value, expected).toString();
    }

    private static <T> T as(TypeKind kind, Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw new DatasurfaceException("a reader passed a " + value.getClass().getSimpleName() + " for a "
                + kind.spelling() + " column; this is a bug in the reader", false);
    }

    /** {@code 2024-01-02}, {@code 0044-03-15 BC}, {@code 10000-01-01}. */
    static String date(LocalDate d) {
        StringBuilder sb = new StringBuilder(16);
        appendDate(sb, d);
        return era(sb, d.getYear());
    }

    static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(16);
        appendTime(sb, t);
        return sb.toString();
    }

    /** {@code 2024-01-02 03:04:05.123456} then the zone suffix, then {@code BC} for years before 1. */
    static String timestamp(LocalDateTime ts, String zone) {
        StringBuilder sb = new StringBuilder(32);
        appendDate(sb, ts.toLocalDate());
        sb.append(' ');
        appendTime(sb, ts.toLocalTime());
        sb.append(zone);
        return era(sb, ts.getYear());
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int year = d.getYear() > 0 ? d.getYear() : 1 - d.getYear();
        pad(sb, year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
    }

    private static void appendTime(StringBuilder sb, LocalTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            sb.append('.');
            pad(sb, micros, 6);
        }
    }

    private static String era(StringBuilder sb, int year) {
        return year > 0 ? sb.toString() : sb.append(" BC").toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}

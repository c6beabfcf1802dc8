package io.datasurface.merge.staging;

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
 * Text forms of the Java values of {@link io.datasurface.model.batch.BatchSink}: {@link #literal} is
 * what PostgreSQL reads back as the same value; {@link #canonical} is the form hashed for change
 * detection, equal exactly when the values are equal (so {@code 1.50} and {@code 1.5} hash alike, and
 * a timestamptz hashes by its instant).
 */
final class ValueText {
    private static final HexFormat HEX = HexFormat.of();

    private ValueText() {
    }

    static String literal(TypeKind kind, Object value) {
        return switch (kind) {
            case BOOLEAN -> ((Boolean) value) ? "t" : "f";
            case DECIMAL -> decimal(value).toPlainString();
            case BYTEA -> "\\x" + HEX.formatHex((byte[]) value);
            case TIMESTAMPTZ -> ((OffsetDateTime) value).toString();
            default -> text(kind, value);
        };
    }

    static String canonical(TypeKind kind, Object value) {
        return switch (kind) {
            case BOOLEAN -> ((Boolean) value) ? "t" : "f";
            case DECIMAL -> {
                BigDecimal d = decimal(value);
                yield d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case BYTEA -> HEX.formatHex((byte[]) value);
            case TIMESTAMPTZ -> ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
            default -> text(kind, value);
        };
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        throw wrongType(TypeKind.DECIMAL, value);
    }

    private static String text(TypeKind kind, Object value) {
        boolean ok = switch (kind) {
            case SMALLINT -> value instanceof Short;
            case INTEGER -> value instanceof Integer;
            case BIGINT -> value instanceof Long;
            case REAL -> value instanceof Float;
            case DOUBLE -> value instanceof Double;
            case CHAR, VARCHAR, TEXT -> value instanceof String;
            case DATE -> value instanceof LocalDate;
            case TIME -> value instanceof LocalTime;
            case TIMESTAMP -> value instanceof LocalDateTime;
            case UUID -> value instanceof UUID;
            default -> false;
        };
        if (!ok) {
            throw wrongType(kind, value);
        }
        return value.toString();
    }

    private static DatasurfaceException wrongType(TypeKind kind, Object value) {
        return new DatasurfaceException("a reader passed a " + value.getClass().getSimpleName() + " for a "
                + kind.spelling() + " column; this is a bug in the reader", false);
    }
}

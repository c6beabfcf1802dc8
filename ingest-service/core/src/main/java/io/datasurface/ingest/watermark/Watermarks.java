package io.datasurface.ingest.watermark;

import io.datasurface.ingest.jdbc.SourceColumn;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Watermark arithmetic. Integer watermarks of any width are handled as {@code bigint} ({@code Long}),
 * timestamps as {@code LocalDateTime} and timestamptz as {@code OffsetDateTime}. The smallest step
 * above a value is +1, or +1 microsecond (the precision the model keeps).
 */
final class Watermarks {
    private Watermarks() {
    }

    /** The Java type a watermark column's values are read, bound and kept as. */
    static SqlType typeOf(SourceColumn watermark) {
        TypeKind kind = watermark.sourceType().kind();
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT -> SqlType.of(TypeKind.BIGINT);
            case TIMESTAMP, TIMESTAMPTZ -> SqlType.of(kind);
            default -> throw new IllegalArgumentException("not a watermark type: " + kind);
        };
    }

    /** The smallest value above {@code value}. */
    static Object next(Object value) {
        if (value instanceof Long l) {
            if (l == Long.MAX_VALUE) {
                throw new DatasurfaceException("a watermark reached the largest bigint; it cannot advance", false);
            }
            return l + 1;
        }
        if (value instanceof LocalDateTime t) {
            return t.plusNanos(1_000);
        }
        if (value instanceof OffsetDateTime t) {
            return t.plusNanos(1_000);
        }
        throw new IllegalArgumentException("not a watermark value: " + value);
    }

    /** Compares two watermark values of one type (timestamptz by instant). */
    static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.compareTo(y);
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.toInstant().compareTo(y.toInstant());
        }
        throw new IllegalArgumentException("cannot compare watermarks " + a + " and " + b);
    }

    /**
     * The high of a new batch: just above the current maximum, but never below the previous high (a
     * table without rows, or whose rows all lie below it, keeps it); null when there is neither.
     */
    static Object high(Object previousHigh, Object max) {
        if (max == null) {
            return previousHigh;
        }
        Object candidate = next(max);
        return previousHigh == null || compare(candidate, previousHigh) > 0 ? candidate : previousHigh;
    }
}

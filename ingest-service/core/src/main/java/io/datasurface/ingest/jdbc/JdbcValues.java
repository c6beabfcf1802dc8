package io.datasurface.ingest.jdbc;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Reads source values as the Java types {@link io.datasurface.model.batch.BatchSink} promises for a
 * model type, and binds such values as parameters.
 */
public final class JdbcValues {
    private JdbcValues() {
    }

    /**
     * Column {@code index} of the current row as the Java type of {@code model} (null for SQL NULL).
     *
     * @param source the column's source type; it decides conversions such as date → timestamp
     */
    public static Object read(ResultSet rs, int index, SourceType source, SqlType model) throws SQLException {
        return switch (model.kind()) {
            case BOOLEAN -> orNull(rs, rs.getBoolean(index));
            case SMALLINT -> orNull(rs, rs.getShort(index));
            case INTEGER -> orNull(rs, rs.getInt(index));
            case BIGINT -> orNull(rs, rs.getLong(index));
            case REAL -> orNull(rs, rs.getFloat(index));
            case DOUBLE -> orNull(rs, rs.getDouble(index));
            case DECIMAL -> decimal(rs, index);
            case CHAR, VARCHAR, TEXT, JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML,
                    ARRAY, ENUM -> rs.getString(index); // the latter selected as CAST(col AS text): see SourceDialect#read
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case TIMESTAMP -> source != null && source.kind() == TypeKind.DATE
                    ? atStartOfDay(rs.getObject(index, LocalDate.class))
                    : rs.getObject(index, LocalDateTime.class);
            case TIMESTAMPTZ -> rs.getObject(index, OffsetDateTime.class);
            case UUID -> uuid(rs.getObject(index));
            case BYTEA -> rs.getBytes(index);
        };
    }

    /** Binds a value of {@code type}'s Java type; null binds SQL NULL. */
    public static void bind(PreparedStatement ps, int index, SqlType type, Object value) throws SQLException {
        if (value == null) {
            ps.setObject(index, null);
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case SMALLINT -> ps.setShort(index, (Short) value);
            case INTEGER -> ps.setInt(index, (Integer) value);
            case BIGINT -> ps.setLong(index, (Long) value);
            case REAL -> ps.setFloat(index, (Float) value);
            case DOUBLE -> ps.setDouble(index, (Double) value);
            case DECIMAL -> {
                if (value instanceof Double special) {
                    ps.setDouble(index, special);
                } else {
                    ps.setBigDecimal(index, (BigDecimal) value);
                }
            }
            case BYTEA -> ps.setBytes(index, (byte[]) value);
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID -> ps.setObject(index, value);
            // the rest are strings; the kinds carried as text are compared as CAST(col AS text)
            default -> ps.setString(index, (String) value);
        }
    }

    /** numeric's NaN and infinities, which BigDecimal cannot hold, come as a Double. */
    private static Object decimal(ResultSet rs, int index) throws SQLException {
        try {
            return rs.getBigDecimal(index);
        } catch (SQLException e) {
            String text = rs.getString(index);
            return switch (text == null ? "" : text) {
                case "NaN", "Infinity", "-Infinity" -> Double.valueOf(text);
                default -> throw e;
            };
        }
    }

    private static Object orNull(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }

    /** A date widened to a timestamp; the infinities (MAX and MIN) stay infinities. */
    private static LocalDateTime atStartOfDay(LocalDate date) {
        if (date == null) {
            return null;
        }
        return date.equals(LocalDate.MAX) ? LocalDateTime.MAX : date.equals(LocalDate.MIN) ? LocalDateTime.MIN
                : date.atStartOfDay();
    }

    private static UUID uuid(Object value) throws SQLException {
        if (value == null || value instanceof UUID) {
            return (UUID) value;
        }
        if (value instanceof byte[] bytes && bytes.length == 16) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new UUID(b.getLong(), b.getLong());
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            throw new SQLException("not a uuid: a value of " + value.getClass().getSimpleName(), "22000", e);
        }
    }
}

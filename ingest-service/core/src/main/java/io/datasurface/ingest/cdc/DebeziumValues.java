package io.datasurface.ingest.cdc;

import io.datasurface.model.type.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a value of a Debezium change event (PostgreSQL connector, {@code decimal.handling.mode=precise},
 * {@code time.precision.mode=adaptive_time_microseconds}, {@code binary.handling.mode=bytes}) into the Java
 * type {@link io.datasurface.model.batch.BatchSink} expects for the model's column type. The field's
 * schema name says how a temporal value is encoded (days, millis, micros, nanos, ISO text).
 */
final class DebeziumValues {
    /** What Debezium puts in a TOASTed column an UPDATE did not change (without REPLICA IDENTITY FULL). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private DebeziumValues() {
    }

    /**
     * @throws IllegalArgumentException when the value cannot be read as the model type; the message names
     *                                  what was found
     */
    static Object convert(Object value, Schema schema, SqlType model) {
        if (value == null) {
            return null;
        }
        String logical = schema == null ? null : schema.name();
        return switch (model.kind()) {
            case BOOLEAN -> (Boolean) value;
            case SMALLINT -> ((Number) value).shortValue();
            case INTEGER -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case REAL -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> decimal(value);
            case CHAR, VARCHAR, TEXT -> value.toString();
            case DATE -> date(value, logical);
            case TIME -> time(value, logical);
            case TIMESTAMP -> timestamp(value, logical);
            case TIMESTAMPTZ -> OffsetDateTime.parse(value.toString());
            case UUID -> UUID.fromString(value.toString());
            case BYTEA -> bytes(value);
        };
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Struct s && s.schema().field("scale") != null) { // io.debezium.data.VariableScaleDecimal
            return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"));
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(value.toString());
    }

    private static LocalDate date(Object value, String logical) {
        if (value instanceof Integer days) { // io.debezium.time.Date
            return LocalDate.ofEpochDay(days);
        }
        return timestamp(value, logical).toLocalDate();
    }

    private static LocalTime time(Object value, String logical) {
        long nanos;
        if ("io.debezium.time.Time".equals(logical)) {
            nanos = ((Number) value).longValue() * 1_000_000L;
        } else if ("io.debezium.time.NanoTime".equals(logical)) {
            nanos = ((Number) value).longValue();
        } else { // io.debezium.time.MicroTime
            nanos = ((Number) value).longValue() * 1_000L;
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    private static LocalDateTime timestamp(Object value, String logical) {
        if ("io.debezium.time.Date".equals(logical)) {
            return LocalDate.ofEpochDay(((Number) value).longValue()).atStartOfDay();
        }
        long amount = ((Number) value).longValue();
        Instant at;
        if ("io.debezium.time.Timestamp".equals(logical)) {
            at = Instant.ofEpochMilli(amount);
        } else if ("io.debezium.time.NanoTimestamp".equals(logical)) {
            at = Instant.ofEpochSecond(Math.floorDiv(amount, 1_000_000_000L), Math.floorMod(amount, 1_000_000_000L));
        } else { // io.debezium.time.MicroTimestamp
            at = Instant.ofEpochSecond(Math.floorDiv(amount, 1_000_000L), Math.floorMod(amount, 1_000_000L) * 1_000L);
        }
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}

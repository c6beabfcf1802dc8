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
 * Turns a value of a Debezium change event (PostgreSQL connector, {@code decimal.handling.mode=string},
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
            case TIMESTAMPTZ -> timestamptz(value.toString());
            case UUID -> UUID.fromString(value.toString());
            case BYTEA -> bytes(value);
            // PostgresTextForm hands these over as text; an enum comes as its label
            case JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML, ARRAY, ENUM ->
                    value.toString();
        };
    }

    /** A decimal, or numeric's NaN and infinities as a Double ({@code decimal.handling.mode=string} names them). */
    private static Object decimal(Object value) {
        if (value instanceof String text) {
            return switch (text) {
                case "NAN" -> Double.NaN;
                case "POSITIVE_INFINITY" -> Double.POSITIVE_INFINITY;
                case "NEGATIVE_INFINITY" -> Double.NEGATIVE_INFINITY;
                default -> new BigDecimal(text);
            };
        }
        return exactDecimal(value);
    }

    private static BigDecimal exactDecimal(Object value) {
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
        if (value instanceof String iso) { // PostgresTextForm: era kept, MAX and MIN for the infinities
            return LocalDate.parse(iso);
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
        if (value instanceof String iso) { // a source date, from PostgresTextForm
            LocalDate d = LocalDate.parse(iso);
            return d.equals(LocalDate.MAX) ? LocalDateTime.MAX : d.equals(LocalDate.MIN) ? LocalDateTime.MIN
                    : d.atStartOfDay();
        }
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
        if (at.isBefore(EARLIEST)) { // Debezium's -infinity: pgjdbc's, far before any timestamp PostgreSQL has
            return LocalDateTime.MIN;
        }
        if (!at.isBefore(LATEST)) { // Debezium's infinity: the largest instant its microseconds can hold
            return LocalDateTime.MAX;
        }
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** Before PostgreSQL's earliest timestamp (4714-11-24 BC). */
    private static final Instant EARLIEST = LocalDate.of(-4714, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    /** Where Debezium puts infinity: about 294247-01-10, the most microseconds since 1970 a long holds. */
    private static final Instant LATEST = LocalDate.of(294247, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

    /**
     * Debezium writes a timestamptz's infinity and -infinity as the words when streaming and as the
     * instants of pgjdbc's infinity milliseconds in its snapshot; they become the MAX and MIN that stand
     * for them here.
     */
    private static OffsetDateTime timestamptz(String text) {
        if (text.equals("infinity") || text.equals("-infinity")) { // as streamed changes give them
            return text.equals("infinity") ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        }
        OffsetDateTime t = OffsetDateTime.parse(text);
        if (t.toInstant().equals(PLUS_INFINITY)) {
            return OffsetDateTime.MAX;
        }
        return t.toInstant().equals(MINUS_INFINITY) ? OffsetDateTime.MIN : t;
    }

    private static final Instant PLUS_INFINITY = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant MINUS_INFINITY = Instant.ofEpochMilli(Long.MIN_VALUE);

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

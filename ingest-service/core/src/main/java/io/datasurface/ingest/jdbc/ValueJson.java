package io.datasurface.ingest.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datasurface.model.type.SqlType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Key and watermark values as JSON and back, by model type, without loss: booleans and integers as
 * JSON booleans and numbers; decimals, reals and doubles as their exact decimal text; strings as
 * strings; dates and times in ISO-8601 ({@code 2024-05-01}, {@code 10:15:30.000001},
 * {@code 2024-05-01T10:15:30.000001}, {@code 2024-05-01T10:15:30.000001+02:00}); uuids in their usual
 * form; bytea as Base64.
 */
public final class ValueJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueJson() {
    }

    public static JsonNode toJson(SqlType type, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (type.kind()) {
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case SMALLINT, INTEGER, BIGINT -> NODES.numberNode(((Number) value).longValue());
            case DECIMAL -> NODES.textNode(value.toString()); // a BigDecimal, or NaN, Infinity, -Infinity
            case BYTEA -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            default -> NODES.textNode(value.toString());
        };
    }

    /** @throws IllegalArgumentException when {@code node} is not a value of {@code type} as written here */
    public static Object fromJson(SqlType type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> expect(node, node.isBoolean(), type).booleanValue();
            case SMALLINT -> (short) integer(node, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> (int) integer(node, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> integer(node, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case REAL -> Float.parseFloat(text(node, type));
            case DOUBLE -> Double.parseDouble(text(node, type));
            case DECIMAL -> decimal(text(node, type));
            case CHAR, VARCHAR, TEXT, JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML,
                    ARRAY, ENUM -> text(node, type);
            case DATE -> LocalDate.parse(text(node, type));
            case TIME -> LocalTime.parse(text(node, type));
            case TIMESTAMP -> LocalDateTime.parse(text(node, type));
            case TIMESTAMPTZ -> OffsetDateTime.parse(text(node, type));
            case UUID -> UUID.fromString(text(node, type));
            case BYTEA -> Base64.getDecoder().decode(text(node, type));
        };
    }

    private static Object decimal(String text) {
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> Double.valueOf(text);
            default -> new BigDecimal(text);
        };
    }

    private static long integer(JsonNode node, SqlType type, long min, long max) {
        expect(node, node.isIntegralNumber() && node.canConvertToLong(), type);
        long value = node.longValue();
        expect(node, value >= min && value <= max, type);
        return value;
    }

    private static String text(JsonNode node, SqlType type) {
        return expect(node, node.isTextual(), type).textValue();
    }

    private static JsonNode expect(JsonNode node, boolean ok, SqlType type) {
        if (!ok) {
            throw new IllegalArgumentException(node + " is not a " + type + " value");
        }
        return node;
    }

    /** A row's key as a JSON array. */
    public static ArrayNode toJson(List<SqlType> types, Object[] values) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < values.length; i++) {
            array.add(toJson(types.get(i), values[i]));
        }
        return array;
    }

    /**
     * @throws IllegalArgumentException when {@code node} is not an array of {@code types.size()} values
     *                                  of those types
     */
    public static Object[] fromJson(List<SqlType> types, JsonNode node) {
        if (node == null || !node.isArray() || node.size() != types.size()) {
            throw new IllegalArgumentException("expected a JSON array of " + types.size() + " key values, got " + node);
        }
        Object[] values = new Object[types.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = fromJson(types.get(i), node.get(i));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("key value " + node.get(i) + " is not a " + types.get(i), e);
            }
        }
        return values;
    }
}

package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import io.datasurface.model.type.SqlType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueJsonTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("boolean", true, "true"),
                Arguments.of("smallint", (short) -32768, "-32768"),
                Arguments.of("integer", Integer.MAX_VALUE, "2147483647"),
                Arguments.of("bigint", Long.MIN_VALUE, "-9223372036854775808"),
                Arguments.of("real", 0.1f, "\"0.1\""),
                Arguments.of("double", Double.NaN, "\"NaN\""),
                Arguments.of("decimal(30,10)", new BigDecimal("12345678901234567890.0123456789"),
                        "\"12345678901234567890.0123456789\""),
                Arguments.of("decimal", new BigDecimal("1E+3"), "\"1E+3\""),
                Arguments.of("varchar(20)", "a \"quoted\" ü ✓", "\"a \\\"quoted\\\" ü ✓\""),
                Arguments.of("date", LocalDate.of(2024, 2, 29), "\"2024-02-29\""),
                Arguments.of("time", LocalTime.of(10, 15, 30, 1_000), "\"10:15:30.000001\""),
                Arguments.of("timestamp", LocalDateTime.of(2024, 5, 1, 0, 0), "\"2024-05-01T00:00\""),
                Arguments.of("timestamptz", OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 1_000, ZoneOffset.ofHours(-3)),
                        "\"2024-05-01T10:00:00.000001-03:00\""),
                Arguments.of("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        "\"123e4567-e89b-12d3-a456-426614174000\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void writesAndReadsBackEveryTypeExactly(String type, Object value, String json) throws Exception {
        SqlType t = SqlType.parse(type).value().orElseThrow();
        JsonNode node = ValueJson.toJson(t, value);
        assertThat(node.toString()).isEqualTo(json);
        Object back = ValueJson.fromJson(t, Json.mapper().readTree(node.toString()));
        assertThat(back).isEqualTo(value);
        assertThat(back.getClass()).isEqualTo(value.getClass());
    }

    @Test
    void byteaIsBase64AndNullIsNull() {
        SqlType bytea = SqlType.parse("bytea").value().orElseThrow();
        assertThat(ValueJson.toJson(bytea, new byte[] {0, -1, 2}).asText()).isEqualTo("AP8C");
        assertThat((byte[]) ValueJson.fromJson(bytea, ValueJson.toJson(bytea, new byte[] {0, -1, 2})))
                .containsExactly(0, -1, 2);
        assertThat(ValueJson.toJson(bytea, null).isNull()).isTrue();
        assertThat(ValueJson.fromJson(bytea, ValueJson.toJson(bytea, null))).isNull();
    }

    @Test
    void aKeyIsAnArrayInKeyOrder() {
        List<SqlType> types = List.of(SqlType.parse("integer").value().orElseThrow(),
                SqlType.parse("varchar(5)").value().orElseThrow());
        assertThat(ValueJson.toJson(types, new Object[] {42, "b"}).toString()).isEqualTo("[42,\"b\"]");
        assertThat(ValueJson.fromJson(types, ValueJson.toJson(types, new Object[] {42, "b"}))).containsExactly(42, "b");
    }

    @Test
    void refusesValuesOfAnotherTypeOrShape() throws Exception {
        List<SqlType> types = List.of(SqlType.parse("integer").value().orElseThrow());
        assertThatThrownBy(() -> ValueJson.fromJson(types, Json.mapper().readTree("[\"x\"]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueJson.fromJson(types, Json.mapper().readTree("[3000000000]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueJson.fromJson(types, Json.mapper().readTree("[1,2]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueJson.fromJson(types, Json.mapper().readTree("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

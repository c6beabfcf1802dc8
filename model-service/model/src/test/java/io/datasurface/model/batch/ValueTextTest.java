package io.datasurface.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTextTest {
    @Test
    @DisplayName("literals PostgreSQL reads back as the same value")
    void literals() {
        assertThat(ValueText.literal(TypeKind.BOOLEAN, true)).isEqualTo("t");
        assertThat(ValueText.literal(TypeKind.BOOLEAN, false)).isEqualTo("f");
        assertThat(ValueText.literal(TypeKind.BYTEA, new byte[] {0, (byte) 0xff, 0})).isEqualTo("\\x00ff00");
        assertThat(ValueText.literal(TypeKind.BYTEA, new byte[0])).isEqualTo("\\x");
        assertThat(ValueText.literal(TypeKind.DECIMAL, new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ValueText.literal(TypeKind.DECIMAL, new BigDecimal("1.50"))).as("scale kept").isEqualTo("1.50");
        assertThat(ValueText.literal(TypeKind.TIMESTAMPTZ,
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6_000, ZoneOffset.ofHoursMinutes(5, 30))))
                .as("in UTC").isEqualTo("2024-01-01 21:34:05.000006+00");
        assertThat(ValueText.literal(TypeKind.TIMESTAMP, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)))
                .isEqualTo("2024-01-02 03:04:05.123456");
        assertThat(ValueText.literal(TypeKind.DATE, java.time.LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(ValueText.literal(TypeKind.DATE, java.time.LocalDate.of(10000, 1, 1))).isEqualTo("10000-01-01");
        assertThat(ValueText.literal(TypeKind.TIME, java.time.LocalTime.of(7, 8))).isEqualTo("07:08:00");
        UUID u = UUID.fromString("6f1c8b0e-2d3a-4c5b-9e8f-0a1b2c3d4e5f");
        assertThat(ValueText.literal(TypeKind.UUID, u)).isEqualTo(u.toString());
        assertThat(ValueText.literal(TypeKind.SMALLINT, (short) -5)).isEqualTo("-5");
    }

    @Test
    @DisplayName("canonical forms are equal exactly when the values are: decimals by value, timestamptz by instant")
    void canonical() {
        assertThat(ValueText.canonical(TypeKind.DECIMAL, new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(ValueText.canonical(TypeKind.DECIMAL, new BigDecimal("-0.00"))).isEqualTo("0");
        assertThat(ValueText.canonical(TypeKind.DECIMAL, new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(ValueText.canonical(TypeKind.TIMESTAMPTZ,
                OffsetDateTime.of(2024, 1, 2, 8, 34, 5, 0, ZoneOffset.ofHoursMinutes(5, 30))))
                .isEqualTo(ValueText.canonical(TypeKind.TIMESTAMPTZ, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0,
                        ZoneOffset.UTC)));
        assertThat(ValueText.canonical(TypeKind.BYTEA, new byte[] {1, 2})).isEqualTo("0102");
        assertThat(ValueText.canonical(TypeKind.TEXT, "a\tb")).isEqualTo("a\tb");
    }

    @Test
    @DisplayName("PostgreSQL's infinity dates (MAX/MIN in Java) are written back as infinity; char padding is dropped")
    void infinityAndCharPadding() {
        assertThat(ValueText.literal(TypeKind.DATE, java.time.LocalDate.MAX)).isEqualTo("infinity");
        assertThat(ValueText.literal(TypeKind.TIMESTAMP, LocalDateTime.MIN)).isEqualTo("-infinity");
        assertThat(ValueText.literal(TypeKind.TIMESTAMPTZ, OffsetDateTime.MAX)).isEqualTo("infinity");
        assertThat(ValueText.canonical(TypeKind.DATE, java.time.LocalDate.MAX)).isEqualTo("infinity");
        assertThat(ValueText.literal(TypeKind.CHAR, "ab  ")).isEqualTo("ab");
        assertThat(ValueText.canonical(TypeKind.CHAR, "ab  ")).isEqualTo(ValueText.canonical(TypeKind.VARCHAR, "ab"));
    }

    @ParameterizedTest(name = "{0}: ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            JSON     | {"b": 2,  "a": [1, 2.50]}
            JSON     | ""
            JSONB    | {"a": [1, 2.50], "b": "Grüße 👋"}
            INTERVAL | -178000000 years -2 mons +3 days -04:05:06.789
            INTERVAL | 00:00:00
            INET     | 2001:db8::1/64
            CIDR     | 10.0.0.0/8
            MACADDR  | 08:00:2b:01:02:03
            MACADDR8 | 08:00:2b:01:02:03:04:05
            TIMETZ   | 04:05:06.789+05:30
            BIT      | 1010
            VARBIT   | ``
            XML      | <a lang="de">Grüße  東京</a>
            ARRAY    | {"a b",NULL,"{c}",""}
            ARRAY    | {{1.50,NaN},{-2.00,Infinity}}
            ENUM     | it's
            """)
    @DisplayName("the kinds carried as text are PostgreSQL's own text, written and hashed as they are")
    void carriedAsTextIsTheTextItself(TypeKind kind, String text) {
        String value = new String(text.toCharArray()); // not the same instance: the text, not the object, counts
        assertThat(ValueText.literal(kind, value)).isEqualTo(text);
        assertThat(ValueText.canonical(kind, value)).isEqualTo(text);
    }

    @Test
    @DisplayName("a kind carried as text takes only a String: anything else is a reader bug")
    void carriedAsTextTakesOnlyAString() {
        assertThatThrownBy(() -> ValueText.literal(TypeKind.JSONB, java.util.Map.of("a", 1)))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("jsonb");
        assertThatThrownBy(() -> ValueText.literal(TypeKind.BIT, true))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("Boolean").hasMessageContaining("bit");
        assertThatThrownBy(() -> ValueText.literal(TypeKind.ARRAY, new String[] {"a", "b"}))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("array");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
    @DisplayName("numeric's NaN and infinities (a Double for a decimal) are written as PostgreSQL spells them")
    void numericSpecialValues(double value, String text) {
        assertThat(ValueText.literal(TypeKind.DECIMAL, value)).isEqualTo(text);
        assertThat(ValueText.canonical(TypeKind.DECIMAL, value)).isEqualTo(text);
    }

    @Test
    @DisplayName("a decimal's Double that is no NaN or infinity is a reader bug, not rounded into a number")
    void ordinaryDoubleForADecimalIsRefused() {
        for (double d : new double[] {1.5, 0.0, -0.0, Double.MAX_VALUE, Double.MIN_VALUE}) {
            assertThatThrownBy(() -> ValueText.literal(TypeKind.DECIMAL, d)).as("%s", d)
                    .isInstanceOf(DatasurfaceException.class)
                    .hasMessageContaining("only NaN and the infinities come as a Double")
                    .satisfies(e -> assertThat(((DatasurfaceException) e).retriable()).isFalse());
        }
    }

    @Test
    @DisplayName("a Java type the column's type does not take: non-retriable fault naming both")
    void wrongType() {
        assertThatThrownBy(() -> ValueText.literal(TypeKind.DECIMAL, 1.5)).isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("Double").hasMessageContaining("decimal");
        assertThatThrownBy(() -> ValueText.literal(TypeKind.SMALLINT, 1)).isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("Integer").hasMessageContaining("smallint");
        assertThatThrownBy(() -> ValueText.canonical(TypeKind.TIMESTAMP, OffsetDateTime.now()))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> ValueText.literal(TypeKind.TEXT, 'c')).isInstanceOf(DatasurfaceException.class);
    }
}

package io.datasurface.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RowHasherTest {
    /**
     * (id integer 1, city text 'Zürich ✓ 東京', price decimal 1.5) by the encoding RowHasher documents, computed
     * apart from it (Python): non-NULL values in column-name order, each {@code be32(len(name)) + name + tag +
     * be32(len(text)) + text}: {@code md5(enc('city','S','Zürich ✓ 東京') + enc('id','I','1') +
     * enc('price','N','1.5'))[:8]} as a signed long.
     */
    private static final long GOLDEN = -2801385458040111356L;

    private static long hash(List<TypeKind> kinds, Object... values) {
        List<String> names = java.util.stream.IntStream.range(0, kinds.size()).mapToObj(i -> "c" + i).toList();
        return new RowHasher(names, kinds).hash(values);
    }

    private static long text(Object... values) {
        return hash(List.of(TypeKind.TEXT, TypeKind.TEXT), values);
    }

    @Test
    @DisplayName("values are length-prefixed: ('ab','c') differs from ('a','bc'), and from ('abc','')")
    void lengthPrefixed() {
        assertThat(text("ab", "c")).isNotEqualTo(text("a", "bc")).isNotEqualTo(text("abc", ""));
        assertThat(text("ab", "c")).isEqualTo(text("ab", "c"));
    }

    @Test
    @DisplayName("NULL differs from '', and a NULL's position matters")
    void nullIsNotEmpty() {
        assertThat(text(null, "x")).isNotEqualTo(text("", "x")).isNotEqualTo(text("x", null));
        assertThat(text(null, null)).isNotEqualTo(text("", ""));
        List<TypeKind> bytes = List.of(TypeKind.BYTEA);
        assertThat(hash(bytes, new byte[0])).isNotEqualTo(hash(bytes, (Object) null))
                .isNotEqualTo(hash(bytes, new byte[] {0}));
        assertThat(hash(bytes, new byte[] {0})).isNotEqualTo(hash(bytes, new byte[] {0, 0}));
    }

    @Test
    @DisplayName("decimals hash by value: 1.50 = 1.5 = 15E-1, 0 = 0.00 = -0.0, but 1.5 differs from 1.51")
    void decimalsByValue() {
        List<TypeKind> d = List.of(TypeKind.DECIMAL);
        long oneAndHalf = hash(d, new BigDecimal("1.5"));
        assertThat(hash(d, new BigDecimal("1.50"))).isEqualTo(oneAndHalf);
        assertThat(hash(d, new BigDecimal("15E-1"))).isEqualTo(oneAndHalf);
        assertThat(hash(d, new BigDecimal("1.51"))).isNotEqualTo(oneAndHalf);
        assertThat(hash(d, new BigDecimal("0.00"))).isEqualTo(hash(d, BigDecimal.ZERO))
                .isEqualTo(hash(d, new BigDecimal("-0.0")));
        assertThat(hash(d, new BigDecimal("100"))).isEqualTo(hash(d, new BigDecimal("1E+2")))
                .isNotEqualTo(hash(d, new BigDecimal("1")));
    }

    @Test
    @DisplayName("timestamptz hashes by instant: one instant in two offsets hashes alike, a microsecond apart does not")
    void timestamptzByInstant() {
        List<TypeKind> t = List.of(TypeKind.TIMESTAMPTZ);
        OffsetDateTime utc = OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000, ZoneOffset.UTC);
        assertThat(hash(t, utc.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)))).isEqualTo(hash(t, utc));
        assertThat(hash(t, utc.withOffsetSameInstant(ZoneOffset.ofHours(-8)))).isEqualTo(hash(t, utc));
        assertThat(hash(t, utc.plusNanos(1_000))).isNotEqualTo(hash(t, utc));
        assertThat(hash(t, utc.withOffsetSameLocal(ZoneOffset.ofHours(1)))).isNotEqualTo(hash(t, utc));
    }

    @Test
    @DisplayName("hashes are stable across runs and releases (stored hashes must keep matching unchanged rows)")
    void stable() {
        List<TypeKind> kinds = List.of(TypeKind.INTEGER, TypeKind.TEXT, TypeKind.DECIMAL);
        List<String> names = List.of("id", "city", "price");
        long h = new RowHasher(names, kinds).hash(new Object[] {1, "Zürich ✓ 東京", new BigDecimal("1.50")});
        assertThat(new RowHasher(names, kinds).hash(new Object[] {1, "Zürich ✓ 東京", new BigDecimal("1.5")}))
                .isEqualTo(h);
        assertThat(h).as("golden value: changing the encoding makes every stored row look changed")
                .isEqualTo(GOLDEN);
    }

    @Test
    @DisplayName("model changes that keep values keep hashes: a NULL column added, integer → bigint, date → timestamp")
    void wideningKeepsTheHash() {
        long before = new RowHasher(List.of("id", "n", "born"), List.of(TypeKind.INTEGER, TypeKind.INTEGER,
                TypeKind.DATE)).hash(new Object[] {1, 5, java.time.LocalDate.of(2000, 1, 2)});
        long after = new RowHasher(List.of("id", "n", "born", "email"), List.of(TypeKind.BIGINT, TypeKind.BIGINT,
                TypeKind.TIMESTAMP, TypeKind.TEXT)).hash(new Object[] {1L, 5L,
                java.time.LocalDateTime.of(2000, 1, 2, 0, 0), null});
        assertThat(after).isEqualTo(before);
        long withEmail = new RowHasher(List.of("id", "n", "born", "email"), List.of(TypeKind.BIGINT, TypeKind.BIGINT,
                TypeKind.TIMESTAMP, TypeKind.TEXT)).hash(new Object[] {1L, 5L,
                java.time.LocalDateTime.of(2000, 1, 2, 0, 0), "a@x"});
        assertThat(withEmail).isNotEqualTo(before);
    }

    @Test
    @DisplayName("an array and a text of the same text hash differently: '{a,b}' as text is not the array {a,b}")
    void arrayIsNotItsText() {
        assertThat(hash(List.of(TypeKind.ARRAY), "{a,b}")).isNotEqualTo(hash(List.of(TypeKind.TEXT), "{a,b}"))
                .isNotEqualTo(hash(List.of(TypeKind.VARCHAR), "{a,b}"));
        assertThat(hash(List.of(TypeKind.ARRAY), "{a,b}")).isNotEqualTo(hash(List.of(TypeKind.ARRAY), "{b,a}"));
    }

    @Test
    @DisplayName("model changes that keep values keep hashes: enum → text, bit(n) → varbit")
    void enumToTextAndBitToVarbitKeepTheHash() {
        assertThat(hash(List.of(TypeKind.ENUM), "happy")).isEqualTo(hash(List.of(TypeKind.TEXT), "happy"))
                .isEqualTo(hash(List.of(TypeKind.VARCHAR), "happy"))
                .isNotEqualTo(hash(List.of(TypeKind.ENUM), "sad"));
        assertThat(hash(List.of(TypeKind.BIT), "1010")).isEqualTo(hash(List.of(TypeKind.VARBIT), "1010"))
                .isNotEqualTo(hash(List.of(TypeKind.VARBIT), "101"));
    }

    @Test
    @DisplayName("types that are no widening of each other hash apart even with the same text: json/jsonb, inet/cidr…")
    void sameTextOfUnrelatedTypesHashesApart() {
        assertThat(hash(List.of(TypeKind.JSON), "{\"a\": 1}")).isNotEqualTo(hash(List.of(TypeKind.JSONB), "{\"a\": 1}"))
                .isNotEqualTo(hash(List.of(TypeKind.TEXT), "{\"a\": 1}"));
        assertThat(hash(List.of(TypeKind.INET), "10.0.0.0/8")).isNotEqualTo(hash(List.of(TypeKind.CIDR), "10.0.0.0/8"));
        assertThat(hash(List.of(TypeKind.MACADDR), "08:00:2b:01:02:03"))
                .isNotEqualTo(hash(List.of(TypeKind.MACADDR8), "08:00:2b:01:02:03"));
        assertThat(hash(List.of(TypeKind.TIMETZ), "04:05:06")).isNotEqualTo(hash(List.of(TypeKind.TIME),
                java.time.LocalTime.of(4, 5, 6)));
        assertThat(hash(List.of(TypeKind.INTERVAL), "1 day")).isNotEqualTo(hash(List.of(TypeKind.TEXT), "1 day"));
        assertThat(hash(List.of(TypeKind.XML), "<a/>")).isNotEqualTo(hash(List.of(TypeKind.TEXT), "<a/>"));
        assertThat(java.util.Arrays.stream(TypeKind.values()).filter(TypeKind::carriedAsText)
                .filter(k -> k != TypeKind.ENUM && k != TypeKind.VARBIT).map(RowHasher::family).distinct().count())
                .as("a family of its own for each kind carried as text but enum (text) and varbit (bit)")
                .isEqualTo(java.util.Arrays.stream(TypeKind.values()).filter(TypeKind::carriedAsText).count() - 2);
    }

    @Test
    @DisplayName("numeric's NaN and infinities hash apart from each other and from every number")
    void numericSpecialValues() {
        List<TypeKind> d = List.of(TypeKind.DECIMAL);
        long nan = hash(d, Double.NaN);
        long infinity = hash(d, Double.POSITIVE_INFINITY);
        long minusInfinity = hash(d, Double.NEGATIVE_INFINITY);
        assertThat(hash(d, Double.NaN)).isEqualTo(nan);
        assertThat(java.util.Set.of(nan, infinity, minusInfinity, hash(d, BigDecimal.ZERO), hash(d, (Object) null)))
                .hasSize(5);
    }

    /**
     * (arr text[] '{"Grüße 👋",NULL}', doc json '{"a": 1}', mood enum 'happy', price decimal -Infinity),
     * computed apart from RowHasher as for {@link #GOLDEN}, with the tags A (array), J (json), S (enum, as
     * text) and N (decimal): {@code md5(enc('arr','A',…) + enc('doc','J',…) + enc('mood','S','happy') +
     * enc('price','N','-Infinity'))[:8]}.
     */
    @Test
    @DisplayName("hashes of the kinds carried as text and of numeric's specials are stable across releases")
    void stableForTheNewKinds() {
        long h = new RowHasher(List.of("price", "mood", "doc", "arr"), List.of(TypeKind.DECIMAL, TypeKind.ENUM,
                TypeKind.JSON, TypeKind.ARRAY)).hash(new Object[] {Double.NEGATIVE_INFINITY, "happy", "{\"a\": 1}",
                "{\"Grüße 👋\",NULL}"});
        assertThat(h).as("golden value: changing a tag makes every stored row look changed")
                .isEqualTo(-579458710851442073L);
    }

    @Test
    @DisplayName("a value of the wrong Java type is a reader bug, reported as a non-retriable fault")
    void wrongJavaType() {
        assertThatThrownBy(() -> hash(List.of(TypeKind.BIGINT), 1))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("Integer").hasMessageContaining("bigint")
                .satisfies(e -> assertThat(((DatasurfaceException) e).retriable()).isFalse());
    }
}

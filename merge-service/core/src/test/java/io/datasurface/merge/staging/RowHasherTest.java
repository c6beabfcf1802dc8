package io.datasurface.merge.staging;

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
    @DisplayName("a value of the wrong Java type is a reader bug, reported as a non-retriable fault")
    void wrongJavaType() {
        assertThatThrownBy(() -> hash(List.of(TypeKind.BIGINT), 1))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("Integer").hasMessageContaining("bigint")
                .satisfies(e -> assertThat(((DatasurfaceException) e).retriable()).isFalse());
    }
}

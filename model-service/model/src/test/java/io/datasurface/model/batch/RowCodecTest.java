package io.datasurface.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.graph.ColumnSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    static final List<ColumnSpec> ALL = List.of(
            new ColumnSpec("b", "boolean", true, false), new ColumnSpec("s", "smallint", true, false),
            new ColumnSpec("i", "integer", false, true), new ColumnSpec("l", "bigint", true, false),
            new ColumnSpec("r", "real", true, false), new ColumnSpec("d", "double", true, false),
            new ColumnSpec("n", "decimal(38,10)", true, false), new ColumnSpec("c", "char(3)", true, false),
            new ColumnSpec("v", "varchar(20)", true, false), new ColumnSpec("t", "text", true, false),
            new ColumnSpec("dt", "date", true, false), new ColumnSpec("tm", "time", true, false),
            new ColumnSpec("ts", "timestamp", true, false), new ColumnSpec("tz", "timestamptz", true, false),
            new ColumnSpec("u", "uuid", true, false), new ColumnSpec("by", "bytea", true, false));

    record Row(byte op, List<Object> values) {
    }

    @Test
    void everyTypeRoundTripsExactly() {
        Object[] typical = {true, (short) -3, 42, Long.MIN_VALUE, 1.5f, -0.0d, new BigDecimal("-12345678901234567890.0123456789"),
                "ab ", "Grüße 👋", "", LocalDate.of(-44, 3, 15), LocalTime.of(23, 59, 59, 999_999_000),
                LocalDateTime.of(2026, 11, 22, 10, 1, 2, 123_456_000),
                OffsetDateTime.of(2026, 11, 22, 10, 1, 2, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new byte[] {0, -1, 7}};
        Object[] extremes = {false, Short.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN,
                Double.NEGATIVE_INFINITY, BigDecimal.ZERO, "", "", "x".repeat(10_000), LocalDate.MAX, LocalTime.MIDNIGHT,
                LocalDateTime.MIN, OffsetDateTime.MAX, new UUID(0, 0), new byte[0]};
        Object[] nulls = new Object[ALL.size()];
        nulls[2] = 7;
        List<Row> rows = roundTrip(List.of(new Row(RowCodec.UPSERT, Arrays.asList(typical)),
                new Row(RowCodec.UPSERT, Arrays.asList(extremes)), new Row(RowCodec.DELETE, Arrays.asList(nulls))));
        assertThat(rows).hasSize(3);
        assertSame(rows.get(0), RowCodec.UPSERT, typical);
        assertSame(rows.get(1), RowCodec.UPSERT, extremes);
        assertSame(rows.get(2), RowCodec.DELETE, nulls);
        assertThat(rows.get(0).values().get(13)).isEqualTo(typical[13]); // the offset is kept, not just the instant
    }

    @Test
    void manyRowsCompress() {
        RowCodec codec = new RowCodec(ALL.subList(2, 10));
        RowCodec.Encoder e = codec.encoder();
        for (int i = 0; i < 10_000; i++) {
            e.add(RowCodec.UPSERT, new Object[] {i, (long) i, 1f, 2d, BigDecimal.ONE, "abc", "customer " + i, "same text"});
        }
        byte[] payload = e.finish();
        assertThat(payload.length).isLessThan(10_000 * 20);
        int[] seen = {0};
        assertThat(codec.decode(payload, (op, v) -> assertThat(v[0]).isEqualTo(seen[0]++))).isEqualTo(10_000);
    }

    @Test
    void aCorruptOrTruncatedPayloadIsAClearError() {
        RowCodec codec = new RowCodec(ALL);
        RowCodec.Encoder e = codec.encoder();
        e.add(RowCodec.UPSERT, new Object[ALL.size()]);
        byte[] payload = e.finish();
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(payload, payload.length - 3), (op, v) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}, (op, v) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> codec.encoder().add(RowCodec.UPSERT, new Object[] {1}))
                .hasMessageContaining("1 values for 16 columns");
        Object[] wrong = new Object[ALL.size()];
        wrong[2] = "not an integer";
        assertThatThrownBy(() -> codec.encoder().add(RowCodec.UPSERT, wrong))
                .hasMessageContaining("does not have the Java type of its column");
    }

    private static List<Row> roundTrip(List<Row> in) {
        RowCodec codec = new RowCodec(ALL);
        RowCodec.Encoder e = codec.encoder();
        in.forEach(r -> e.add(r.op(), r.values().toArray()));
        assertThat(e.rows()).isEqualTo(in.size());
        List<Row> out = new ArrayList<>();
        codec.decode(e.finish(), (op, v) -> out.add(new Row(op, Arrays.asList(v))));
        return out;
    }

    private static void assertSame(Row row, byte op, Object[] expected) {
        assertThat(row.op()).isEqualTo(op);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[] b) {
                assertThat((byte[]) row.values().get(i)).as(ALL.get(i).name()).isEqualTo(b);
            } else {
                assertThat(row.values().get(i)).as(ALL.get(i).name()).isEqualTo(expected[i]);
            }
        }
    }
}

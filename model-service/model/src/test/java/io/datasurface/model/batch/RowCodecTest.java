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

    /** A column of every kind carried as PostgreSQL's text form, between two columns of other kinds. */
    static final List<ColumnSpec> CARRIED = List.of(
            new ColumnSpec("id", "integer", false, true), new ColumnSpec("j", "json", true, false),
            new ColumnSpec("jb", "jsonb", true, false), new ColumnSpec("iv", "interval", true, false),
            new ColumnSpec("ip", "inet", true, false), new ColumnSpec("net", "cidr", true, false),
            new ColumnSpec("mac", "macaddr", true, false), new ColumnSpec("mac8", "macaddr8", true, false),
            new ColumnSpec("ttz", "timetz", true, false), new ColumnSpec("bits", "bit(4)", true, false),
            new ColumnSpec("vbits", "varbit", true, false), new ColumnSpec("doc", "xml", true, false),
            new ColumnSpec("tags", "text[]", true, false), new ColumnSpec("prices", "decimal(8,2)[]", true, false),
            new ColumnSpec("mood", "enum('sad','ok','happy')", true, false),
            new ColumnSpec("after", "bigint", true, false));

    @Test
    void everyKindCarriedAsTextRoundTripsItsTextExactly() {
        Object[] typical = {1, "{\"name\": \"Zürich ✓ 東京\",  \"n\": [1, 2.50]}", "{\"a\": 1, \"b\": \"Grüße 👋\"}",
                "-178000000 years -2 mons +3 days -04:05:06.789", "2001:db8::1/64", "10.0.0.0/8", "08:00:2b:01:02:03",
                "08:00:2b:01:02:03:04:05", "04:05:06.789+05:30", "1010", "101", "<a lang=\"de\">Grüße</a>",
                "{\"Grüße 👋\",NULL,\"a,b\",\"\"}", "{1.50,NaN,-2.00}", "happy", Long.MAX_VALUE};
        Object[] empty = {2, "\"\"", "{}", "00:00:00", "::/0", "::/0", "00:00:00:00:00:00", "00:00:00:00:00:00:00:00",
                "00:00:00+00", "0000", "", "", "{}", "{}", "", 0L};
        Object[] nulls = new Object[CARRIED.size()];
        nulls[0] = 3;
        List<Row> rows = roundTrip(CARRIED, List.of(new Row(RowCodec.UPSERT, Arrays.asList(typical)),
                new Row(RowCodec.UPSERT, Arrays.asList(empty)), new Row(RowCodec.DELETE, Arrays.asList(nulls))));
        assertThat(rows).hasSize(3);
        assertSame(CARRIED, rows.get(0), RowCodec.UPSERT, typical);
        assertSame(CARRIED, rows.get(1), RowCodec.UPSERT, empty);
        assertSame(CARRIED, rows.get(2), RowCodec.DELETE, nulls);
        assertThat(rows.get(1).values().subList(1, CARRIED.size() - 1)).as("values of carried kinds are Strings")
                .allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
    }

    @Test
    void aCarriedKindTakesOnlyAString() {
        Object[] row = new Object[CARRIED.size()];
        row[0] = 1;
        row[2] = java.util.Map.of("a", 1); // jsonb: its text, not a parsed document
        assertThatThrownBy(() -> new RowCodec(CARRIED).encoder().add(RowCodec.UPSERT, row))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not have the Java type of its column");
    }

    @Test
    void numericSpecialValuesRoundTripAsDoublesBesideDecimals() {
        List<ColumnSpec> columns = List.of(new ColumnSpec("a", "decimal(38,10)", true, false),
                new ColumnSpec("b", "decimal", true, false), new ColumnSpec("t", "text", true, false));
        List<Row> in = List.of(
                new Row(RowCodec.UPSERT, Arrays.asList(Double.NaN, new BigDecimal("-12345678901234567890.0123456789"), "x")),
                new Row(RowCodec.UPSERT, Arrays.asList(new BigDecimal("1.50"), Double.POSITIVE_INFINITY, "ü")),
                new Row(RowCodec.UPSERT, Arrays.asList(Double.NEGATIVE_INFINITY, Double.NaN, "")),
                new Row(RowCodec.DELETE, Arrays.asList(null, new BigDecimal("0E-10"), null)),
                new Row(RowCodec.UPSERT, Arrays.asList(Double.POSITIVE_INFINITY, null, "last")));
        List<Row> out = roundTrip(columns, in);
        assertThat(out).hasSize(in.size());
        for (int r = 0; r < in.size(); r++) {
            assertSame(columns, out.get(r), in.get(r).op(), in.get(r).values().toArray());
        }
        assertThat(out.get(0).values().get(0)).isInstanceOf(Double.class).isEqualTo(Double.NaN);
        assertThat(out.get(1).values().get(0)).as("a decimal stays a BigDecimal, scale kept")
                .isInstanceOf(BigDecimal.class).hasToString("1.50");
        assertThat(out.get(1).values().get(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(out.get(2).values().get(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(out.get(3).values().get(1)).isInstanceOf(BigDecimal.class).hasToString("0E-10");
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
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> codec.decode("not deflated".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                (op, v) -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> codec.decode(RowCodec.DEFLATED, new byte[] {1, 2, 3}, (op, v) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> codec.decode("ds-rows-9", payload, (op, v) -> { }))
                .hasMessageContaining("rows encoded as ds-rows-9, which this release does not read");
        assertThatThrownBy(() -> codec.encoder().add(RowCodec.UPSERT, new Object[] {1}))
                .hasMessageContaining("1 values for 16 columns");
        Object[] wrong = new Object[ALL.size()];
        wrong[2] = "not an integer";
        assertThatThrownBy(() -> codec.encoder().add(RowCodec.UPSERT, wrong))
                .hasMessageContaining("does not have the Java type of its column");
    }

    @Test
    void chunksDeflatedByAnEarlierReleaseAreStillRead() throws Exception {
        RowCodec codec = new RowCodec(ALL.subList(2, 10));
        RowCodec.Encoder e = codec.encoder();
        for (int i = 0; i < 100; i++) {
            e.add(RowCodec.UPSERT, new Object[] {i, (long) i, 1f, 2d, BigDecimal.ONE, "abc", "customer " + i, null});
        }
        byte[] lz4 = e.finish();
        // the same rows as an earlier release wrote them: deflated instead of an LZ4 block
        int raw = java.nio.ByteBuffer.wrap(lz4).getInt();
        byte[] rows = net.jpountz.lz4.LZ4Factory.safeInstance().safeDecompressor().decompress(
                Arrays.copyOfRange(lz4, 4, lz4.length), raw);
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated)) {
            out.write(rows);
        }
        assertThat(RowCodec.reads(RowCodec.DEFLATED)).isTrue();
        List<Object> names = new ArrayList<>();
        assertThat(codec.decode(RowCodec.DEFLATED, deflated.toByteArray(), (op, v) -> names.add(v[6]))).isEqualTo(100);
        assertThat(names).first().isEqualTo("customer 0");
        assertThat(names).last().isEqualTo("customer 99");
    }

    private static List<Row> roundTrip(List<Row> in) {
        return roundTrip(ALL, in);
    }

    private static List<Row> roundTrip(List<ColumnSpec> columns, List<Row> in) {
        RowCodec codec = new RowCodec(columns);
        RowCodec.Encoder e = codec.encoder();
        in.forEach(r -> e.add(r.op(), r.values().toArray()));
        assertThat(e.rows()).isEqualTo(in.size());
        List<Row> out = new ArrayList<>();
        codec.decode(e.finish(), (op, v) -> out.add(new Row(op, Arrays.asList(v))));
        return out;
    }

    private static void assertSame(Row row, byte op, Object[] expected) {
        assertSame(ALL, row, op, expected);
    }

    private static void assertSame(List<ColumnSpec> columns, Row row, byte op, Object[] expected) {
        assertThat(row.op()).isEqualTo(op);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[] b) {
                assertThat((byte[]) row.values().get(i)).as(columns.get(i).name()).isEqualTo(b);
            } else {
                assertThat(row.values().get(i)).as(columns.get(i).name()).isEqualTo(expected[i]);
            }
        }
    }
}

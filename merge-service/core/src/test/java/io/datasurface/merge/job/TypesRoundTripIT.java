package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.IngestionNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every column type the engine supports, with a composite key: values come back from the merge table
 * as the source gave them, and change detection sees exactly the rows whose values changed.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class TypesRoundTripIT {
    static final int LIVE = Integer.MAX_VALUE;
    /** Column names; the Java type of each follows the BatchSink javadoc. */
    static final List<String> NAMES = List.of("k1", "k2", "b", "s", "i", "l", "r", "d", "dec", "num", "ch", "vc", "tx",
            "dt", "tm", "ts", "tz", "id", "by");
    static final List<Class<?>> JAVA = List.of(Integer.class, String.class, Boolean.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, BigDecimal.class, BigDecimal.class, String.class, String.class,
            String.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, UUID.class,
            byte[].class);
    static final String UNICODE = "Zürich ✓ 東京";

    MergeStoreFixture store;

    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @BeforeEach
    void newStore() {
        store = new MergeStoreFixture(server());
    }

    IngestionNode things() {
        return Streams.stream("t").dataset("things", key("k1", "integer"), key("k2", "varchar(20)"),
                col("b", "boolean"), col("s", "smallint"), col("i", "integer"), col("l", "bigint"), col("r", "real"),
                col("d", "double"), col("dec", "decimal(12,2)"), col("num", "decimal"), col("ch", "char(3)"),
                col("vc", "varchar(100)"), col("tx", "text"), col("dt", "date"), col("tm", "time"),
                col("ts", "timestamp"), col("tz", "timestamptz"), col("id", "uuid"), col("by", "bytea"))
                .node(store.platform);
    }

    static Object[] rowA() {
        return new Object[] {1, "a", true, (short) -32768, Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -1.0e-300,
                new BigDecimal("-1234567890.12"), new BigDecimal("12345678901234567890.123456789"), "ü✓東",
                UNICODE + " 😀", "tab\there\nnew line\r\nback\\slash \\N \\x00", LocalDate.of(1, 1, 1),
                LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_456_000),
                OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 1_000, ZoneOffset.ofHoursMinutes(5, 30)),
                UUID.fromString("6f1c8b0e-2d3a-4c5b-9e8f-0a1b2c3d4e5f"), new byte[] {0, 1, 0, (byte) 0xff, 0}};
    }

    static Object[] nulls(int k1, String k2) {
        Object[] r = new Object[NAMES.size()];
        r[0] = k1;
        r[1] = k2;
        return r;
    }

    static Object[] rowC() {
        return new Object[] {2, "a", false, (short) 0, 0, 0L, Float.NaN, Double.POSITIVE_INFINITY, new BigDecimal("-0.5"),
                new BigDecimal("0.000"), "abc", "", "\\", LocalDate.of(9999, 12, 31), LocalTime.MIDNIGHT,
                LocalDateTime.of(1970, 1, 1, 0, 0), OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000,
                ZoneOffset.ofHours(-8)), UUID.fromString("00000000-0000-0000-0000-000000000000"), new byte[0]};
    }

    static Object[] rowD() {
        return new Object[] {-3, UNICODE, false, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, -0.25f,
                Double.NEGATIVE_INFINITY, new BigDecimal("9999999999.99"), new BigDecimal("-0.000001"), "x y",
                "'quoted' \"double\" ; -- not sql", "\t\n\r\\", LocalDate.of(2000, 2, 29), LocalTime.of(12, 0, 0, 1_000),
                LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000), OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 0,
                ZoneOffset.UTC), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), new byte[] {0}};
    }

    static Object[] withKey(Object[] row, int k1, String k2) {
        Object[] r = row.clone();
        r[0] = k1;
        r[1] = k2;
        return r;
    }

    static ListSource full(Object[]... rows) {
        ListSource s = ListSource.full();
        for (Object[] r : rows) {
            s.row("things", r);
        }
        return s;
    }

    @Test
    @DisplayName("every supported type, NULLs, unicode and escapes come back from the merge table as the source gave them")
    void valuesRoundTrip() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = things();
            Object[] b = nulls(1, "b");
            s.commit(node, m, full(rowA(), b));                                   // into an empty table
            assertThat(current(s, m)).as(m.yaml()).containsExactlyInAnyOrderElementsOf(expected(rowA(), b));

            StepResult r2 = s.commit(node, m, full(rowA(), b, rowC(), rowD()));  // inserted by the merge
            assertThat(List.of(r2.inserted(), r2.updated(), r2.deleted())).as(m.yaml()).containsExactly(2L, 0L, 0L);
            Object[] b3 = withKey(rowA(), 1, "b");
            StepResult r3 = s.commit(node, m, full(rowA(), b3, rowC(), rowD()));  // every column updated from NULL
            assertThat(List.of(r3.inserted(), r3.updated(), r3.deleted())).as(m.yaml()).containsExactly(0L, 1L, 0L);
            assertThat(current(s, m)).as(m.yaml())
                    .containsExactlyInAnyOrderElementsOf(expected(rowA(), b3, rowC(), rowD()));

            StepResult same = s.commit(node, m, full(rowA(), b3, rowC(), rowD()));
            assertThat(List.of(same.inserted(), same.updated(), same.deleted())).as(m.yaml() + ": identical batch")
                    .containsExactly(0L, 0L, 0L);
        }
    }

    @Test
    @DisplayName("changing any single column of a row, to or from NULL too, is exactly one update")
    void everyColumnChangeIsDetected() throws SQLException {
        Object[] alt = {null, null, false, (short) -32767, Integer.MIN_VALUE + 1, Long.MAX_VALUE - 1, Math.nextUp(1.5f),
                Math.nextUp(-1.0e-300), new BigDecimal("-1234567890.13"), new BigDecimal("12345678901234567890.123456788"),
                "ü✓x", UNICODE + " 😀 ", "tab\there\nnew line\nback\\slash \\N \\x00", LocalDate.of(1, 1, 2),
                LocalTime.of(23, 59, 59, 999_998_000), LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_457_000),
                OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 2_000, ZoneOffset.ofHoursMinutes(5, 30)),
                UUID.fromString("6f1c8b0e-2d3a-4c5b-9e8f-0a1b2c3d4e60"), new byte[] {0, 1, 0, (byte) 0xff}};
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = things();
            Object[] a = rowA();
            Object[] b = nulls(1, "b");
            s.commit(node, m, full(a, b, rowC()));
            int changes = 0;
            for (int c = 2; c < NAMES.size(); c++) {
                for (Object value : new Object[] {alt[c], null}) {        // a different value, then NULL
                    a = a.clone();
                    a[c] = value;
                    StepResult r = s.commit(node, m, full(a, b, rowC()));
                    assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml() + ": " + NAMES.get(c)
                            + " := " + show(value)).containsExactly(0L, 1L, 0L);
                    changes++;
                }
                b = b.clone();
                b[c] = rowA()[c];                                           // NULL to a value
                StepResult r = s.commit(node, m, full(a, b, rowC()));
                assertThat(r.updated()).as(m.yaml() + ": " + NAMES.get(c) + " from NULL").isEqualTo(1L);
            }
            assertThat(current(s, m)).as(m.yaml()).containsExactlyInAnyOrderElementsOf(expected(a, b, rowC()));
            if (m == Milestoning.FORENSIC) {
                assertThat(s.query("SELECT count(*) FROM " + s.table("t_things_merge") + " WHERE k1 = 1 AND k2 = 'a'"))
                        .containsExactly(List.of((long) changes + 1));
            }
        }
    }

    @Test
    @DisplayName("equal values in other spellings are no change: 1.50 = 1.5, -0.5 = -0.50 in decimal(12,2), one instant in two offsets")
    void equalValuesAreNoChange() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = things();
            Object[] a = nulls(1, "a");
            a[8] = new BigDecimal("-0.5");
            a[9] = new BigDecimal("1.50");
            a[16] = OffsetDateTime.of(2024, 3, 10, 8, 0, 0, 500_000, ZoneOffset.ofHoursMinutes(5, 30));
            Object[] z = nulls(2, "z");
            z[9] = new BigDecimal("0.00");
            s.commit(node, m, full(a, z));

            Object[] a2 = a.clone();
            a2[8] = new BigDecimal("-0.50");
            a2[9] = new BigDecimal("1.5");
            a2[16] = OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 500_000, ZoneOffset.UTC);
            Object[] z2 = z.clone();
            z2[9] = BigDecimal.ZERO;
            StepResult r = s.commit(node, m, full(a2, z2));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 0L, 0L);
            String batch = m == Milestoning.FORENSIC ? "ds_surf_batch_in" : "ds_surf_batch_id";
            assertThat(s.query("SELECT k1, num::text, " + batch + " FROM " + s.table("t_things_merge") + " ORDER BY k1"))
                    .as(m.yaml() + ": the rows keep their values and batch").containsExactly(
                            List.of(1, "1.50", 1), List.of(2, "0.00", 1));

            a2[9] = new BigDecimal("1.51");
            assertThat(s.commit(node, m, full(a2, z2)).updated()).as(m.yaml() + ": 1.5 -> 1.51").isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("dates and timestamps outside years 1–9999 (which PostgreSQL holds) come back as the source gave them")
    void farDatesRoundTrip() throws SQLException {
        IngestionNode node = Streams.stream("t").dataset("far", key("id", "integer"), col("dt", "date"),
                col("ts", "timestamp"), col("tz", "timestamptz")).node(store.platform);
        List<Object[]> rows = List.of(
                new Object[] {1, LocalDate.of(-43, 3, 15), LocalDateTime.of(-43, 3, 15, 12, 0),
                        OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC)},
                new Object[] {2, LocalDate.of(10000, 1, 1), LocalDateTime.of(12345, 6, 7, 8, 9, 10, 11_000),
                        OffsetDateTime.of(12345, 6, 7, 8, 9, 10, 11_000, ZoneOffset.UTC)});
        ListSource source = ListSource.full();
        rows.forEach(r -> source.row("far", r));
        StepResult r = store.step(node, Milestoning.LIVE_ONLY, source, 10);
        assertThat(r.outcome()).as(r.summary()).isEqualTo(StepOutcome.DONE);
        List<List<Object>> back = new ArrayList<>();
        try (Connection c = store.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, dt, ts, tz FROM " + store.table("t_far_merge") + " ORDER BY id")) {
            while (rs.next()) {
                back.add(List.of(rs.getInt(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDateTime.class),
                        rs.getObject(4, OffsetDateTime.class)));
            }
        }
        assertThat(back).containsExactly(List.of(rows.get(0)), List.of(rows.get(1)));
    }

    /** The current rows of the merge table, each value read as the BatchSink type of its column. */
    static List<List<Object>> current(MergeStoreFixture s, Milestoning m) throws SQLException {
        String where = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = " + LIVE : "";
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", NAMES) + " FROM " + s.table("t_things_merge")
                     + where)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < NAMES.size(); i++) {
                    Object v = JAVA.get(i) == byte[].class ? rs.getBytes(i + 1) : rs.getObject(i + 1, JAVA.get(i));
                    row.add(comparable(i, rs.wasNull() ? null : v));
                }
                out.add(row);
            }
        }
        return out;
    }

    static List<List<Object>> expected(Object[]... rows) {
        return Arrays.stream(rows).map(r -> {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < r.length; i++) {
                row.add(comparable(i, r[i]));
            }
            return row;
        }).toList();
    }

    /** decimal(12,2) at its scale, timestamptz as an instant, bytea as hex; everything else as it is. */
    private static Object comparable(int column, Object v) {
        if (v == null) {
            return null;
        }
        if (NAMES.get(column).equals("dec")) {
            return ((BigDecimal) v).setScale(2);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof byte[] bytes) {
            return "bytea:" + HexFormat.of().formatHex(bytes);
        }
        return v;
    }

    private static String show(Object v) {
        return v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(v);
    }
}

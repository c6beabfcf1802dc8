package io.datasurface.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PostgresTextForm} against PostgreSQL 17's own text output: intervals from their months, days
 * and microseconds, and the values pgjdbc hands Debezium, each written as {@code CAST(col AS text)} gives it.
 */
class PostgresTextFormIT {
    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        EmbeddedPostgresServer pg = PostgresExtension.server();
        connection = pg.connect("postgres");
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW IntervalStyle")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the server's default interval style").isEqualTo("postgres");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    private static final String INTERVAL = "make_interval(months => ?, days => ?) + ? * INTERVAL '1 microsecond'";

    @ParameterizedTest(name = "({0}, {1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = PostgresTextFormTest.INTERVALS)
    @DisplayName("the unit test's intervals are what PostgreSQL writes, and the driver's PGInterval is written alike")
    void intervalsAsTheServerWritesThem(long months, long days, long micros, String text) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT CAST(i AS text), i FROM (SELECT " + INTERVAL
                + " AS i) x")) {
            ps.setInt(1, Math.toIntExact(months));
            ps.setInt(2, Math.toIntExact(days));
            ps.setLong(3, micros);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("the server's text").isEqualTo(text);
                assertThat(PostgresTextForm.interval(months, days, micros)).isEqualTo(text);
                assertThat(PostgresTextForm.text(rs.getObject(2))).as("from pgjdbc's PGInterval").isEqualTo(text);
            }
        }
    }

    @Test
    @DisplayName("thousands of intervals of every sign mix and shape are written as the server writes them")
    void manyIntervals() throws SQLException {
        // each of months, days and microseconds is zero, ±1 or something else, of either sign, independently
        String sql = "SELECT m, d, us, CAST(make_interval(months => m, days => d) + us * INTERVAL '1 microsecond' AS text)"
                + " FROM (SELECT CAST(CASE n % 4 WHEN 0 THEN 0 WHEN 1 THEN n % 3 - 1 WHEN 2 THEN 12 * (n % 41 - 20)"
                + " ELSE (n * 7919) % 40001 - 20000 END AS integer) AS m,"
                + " CAST(CASE (n / 4) % 3 WHEN 0 THEN 0 WHEN 1 THEN n % 3 - 1 ELSE (n * 104729) % 801 - 400 END AS integer) AS d,"
                + " CASE (n / 12) % 3 WHEN 0 THEN 0 WHEN 1 THEN n % 3 - 1"
                + " ELSE ((n * 2654435761) % 200000000001 - 100000000000) / CAST(power(10, n % 7) AS bigint) END AS us"
                + " FROM generate_series(CAST(0 AS bigint), 4999) n) x";
        List<String> mismatches = new ArrayList<>();
        java.util.Set<String> shapes = new java.util.TreeSet<>();
        int rows = 0;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows++;
                String server = rs.getString(4);
                String ours = PostgresTextForm.interval(rs.getInt(1), rs.getInt(2), rs.getLong(3));
                if (!ours.equals(server)) {
                    mismatches.add(rs.getInt(1) + "," + rs.getInt(2) + "," + rs.getLong(3) + ": " + ours + " <> " + server);
                }
                shapes.add(server.replaceAll("\\d+", "9"));
            }
        }
        assertThat(rows).isEqualTo(5000);
        assertThat(mismatches).isEmpty();
        assertThat(shapes).as("shapes covered (numbers as 9)").contains("9:9:9", "-9:9:9.9", "9 year", "-9 years",
                "-9 mons", "-9 days", "9 mon 9 day 9:9:9.9", "-9 days +9:9:9.9", "-9 mons +9 days",
                "-9 years -9 mons +9 days -9:9:9.9", "9 years 9 mon -9 days +9:9:9.9");
    }

    @Test
    @DisplayName("what pgjdbc reads for each kind carried as text is written as CAST(col AS text) gives it")
    void driverValuesAsTheirText() throws SQLException {
        String[][] values = {
                {"json", "'{\"b\": 2,  \"a\": [1, 2.50]}'"},
                {"jsonb", "'{\"b\": \"Grüße 👋\",  \"a\": [1, 2.50]}'"},
                {"interval", "'-1 year +2 mons -3 days 04:05:06.5'"},
                {"inet", "'2001:db8::1/64'"},
                {"cidr", "'10.0.0.0/8'"},
                {"macaddr", "'08-00-2B-01-02-03'"},
                {"macaddr8", "'08:00:2b:01:02:03:04:05'"},
                {"bit(1)", "B'1'"},
                {"bit(1)", "B'0'"},
                {"bit(4)", "B'1010'"},
                {"bit varying", "B''"},
                {"bit varying(8)", "B'101'"},
                {"xml", "'<a lang=\"de\">Grüße</a>'"},
                {"text[]", "ARRAY['a b', NULL, 'it''s, \"fine\"', '']"},
                {"numeric(8,2)[]", "ARRAY[1.5, 'NaN', -2]"},
                {"integer[]", "'{{1,2},{3,4}}'"},
                {"timestamptz[]", "ARRAY['2024-01-01 00:00:00+00'::timestamptz, 'infinity']"},
        };
        try (Statement s = connection.createStatement()) {
            for (String[] v : values) {
                try (ResultSet rs = s.executeQuery("SELECT CAST(CAST(" + v[1] + " AS " + v[0] + ") AS text), CAST("
                        + v[1] + " AS " + v[0] + ")")) {
                    assertThat(rs.next()).isTrue();
                    Object fromDriver = rs.getObject(2);
                    assertThat(PostgresTextForm.text(fromDriver)).as("%s %s (the driver gives a %s)", v[0], v[1],
                            fromDriver.getClass().getSimpleName()).isEqualTo(rs.getString(1));
                }
            }
        }
    }

    @Test
    void enumValuesAsTheirLabel() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TYPE IF EXISTS text_form_mood; CREATE TYPE text_form_mood AS ENUM ('sad', 'it''s ok')");
            try (ResultSet rs = s.executeQuery("SELECT CAST('it''s ok' AS text_form_mood)")) {
                assertThat(rs.next()).isTrue();
                assertThat(PostgresTextForm.text(rs.getObject(1))).isEqualTo("it's ok");
            }
        }
    }
}

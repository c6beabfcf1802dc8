package io.datasurface.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * The text form CDC hands over for the columns the model carries as text, which must be exactly what
 * the snapshot readers get from {@code CAST(col AS text)}; {@code PostgresTextFormIT} checks the
 * intervals against a real server.
 */
class PostgresTextFormTest {
    /** (months, days, microseconds) and PostgreSQL's output of that interval with IntervalStyle=postgres. */
    static final String INTERVALS = """
            0           | 0  | 0               | 00:00:00
            14          | 3  | 14706789000     | 1 year 2 mons 3 days 04:05:06.789
            -2136000002 | 3  | -14706789000    | -178000000 years -2 mons +3 days -04:05:06.789
            0           | 0  | 3600000000000   | 1000:00:00
            0           | 0  | 3600000000000000 | 1000000:00:00
            0           | -1 | 7200000000      | -1 days +02:00:00
            1           | 1  | 1               | 1 mon 1 day 00:00:00.000001
            12          | 0  | 0               | 1 year
            0           | 0  | -500000         | -00:00:00.5
            -1          | 0  | 0               | -1 mons
            """;

    @ParameterizedTest(name = "({0}, {1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = INTERVALS)
    @DisplayName("an interval is written as PostgreSQL writes it with IntervalStyle=postgres")
    void intervalAsPostgresWritesIt(long months, long days, long micros, String text) {
        assertThat(PostgresTextForm.interval(months, days, micros)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1 year 2 mons 3 days 04:05:06.789
            -178000000 years -2 mons +3 days -04:05:06.789
            -1 days +02:00:00
            1 mon 1 day 00:00:00.000001
            -00:00:00.5
            00:00:00
            """)
    @DisplayName("the driver's PGInterval (a PGobject) is written in PostgreSQL's own form, not the driver's")
    void pgIntervalFromTheDriver(String text) throws SQLException {
        PGInterval interval = new PGInterval(text);
        assertThat(PostgresTextForm.text(interval)).isEqualTo(text);
    }

    @Test
    void aPgObjectIsItsValue() throws SQLException {
        PGobject json = new PGobject();
        json.setType("jsonb");
        json.setValue("{\"a\": [1, 2.50], \"b\": \"Grüße 👋\"}");
        assertThat(PostgresTextForm.text(json)).isEqualTo("{\"a\": [1, 2.50], \"b\": \"Grüße 👋\"}");
        PGobject inet = new PGobject();
        inet.setType("inet");
        inet.setValue("2001:db8::1/64");
        assertThat(PostgresTextForm.text(inet)).isEqualTo("2001:db8::1/64");
    }

    @Test
    @DisplayName("bit(1), which the driver reads as a boolean, is its bit: 1 or 0; a string is itself; NULL stays NULL")
    void booleanStringAndNull() {
        assertThat(PostgresTextForm.text(true)).isEqualTo("1");
        assertThat(PostgresTextForm.text(false)).isEqualTo("0");
        assertThat(PostgresTextForm.text("{a,\"b c\"}")).isEqualTo("{a,\"b c\"}");
        assertThat(PostgresTextForm.text("")).isEqualTo("");
        assertThat(PostgresTextForm.text(null)).isNull();
    }

    @Test
    @DisplayName("only the configured columns are converted, matched by schema, table and column")
    void convertsOnlyTheConfiguredColumns() {
        PostgresTextForm form = new PostgresTextForm();
        Properties props = new Properties();
        props.setProperty(PostgresTextForm.COLUMNS, PostgresTextForm.columns(List.of(
                new String[] {"public", "events", "doc"}, new String[] {"crm", "t", "tags"})));
        form.configure(props);
        assertThat(registered(form, "public.events", "doc")).as("schema.table").isTrue();
        assertThat(registered(form, "crmdb.public.events", "doc")).as("after a catalog").isTrue();
        assertThat(registered(form, "crm.t", "tags")).isTrue();
        assertThat(registered(form, "public.events", "tags")).as("another column").isFalse();
        assertThat(registered(form, "public.other", "doc")).as("another table").isFalse();
        assertThat(registered(form, "crm.events", "doc")).as("another schema").isFalse();
        assertThat(registered(form, "xpublic.events", "doc")).as("a schema ending like it").isFalse();
        assertThat(registered(form, "public.t", "tags")).isFalse();
    }

    @Test
    void withoutColumnsNothingIsConverted() {
        PostgresTextForm form = new PostgresTextForm();
        form.configure(new Properties());
        assertThat(registered(form, "public.events", "doc")).isFalse();
    }

    @Test
    void aRegisteredColumnHandsOverTheTextForm() throws SQLException {
        PostgresTextForm form = new PostgresTextForm();
        Properties props = new Properties();
        props.setProperty(PostgresTextForm.COLUMNS, PostgresTextForm.columns(List.<String[]>of(
                new String[] {"public", "events", "span"})));
        form.configure(props);
        List<SchemaBuilder> schemas = new ArrayList<>();
        List<CustomConverter.Converter> converters = new ArrayList<>();
        form.converterFor(column("public.events", "span"), (schema, converter) -> {
            schemas.add(schema);
            converters.add(converter);
        });
        assertThat(schemas).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(org.apache.kafka.connect.data.Schema.Type.STRING);
            assertThat(s.isOptional()).isTrue();
        });
        assertThat(converters.get(0).convert(new PGInterval("1 year 2 mons 3 days 04:05:06.789")))
                .isEqualTo("1 year 2 mons 3 days 04:05:06.789");
        assertThat(converters.get(0).convert(null)).isNull();
    }

    private static boolean registered(PostgresTextForm form, String collection, String name) {
        boolean[] seen = {false};
        form.converterFor(column(collection, name), (schema, converter) -> seen[0] = true);
        return seen[0];
    }

    /** A column named {@code name} of {@code collection} (Debezium's schema.table, maybe after a catalog). */
    private static RelationalColumn column(String collection, String name) {
        return (RelationalColumn) Proxy.newProxyInstance(PostgresTextFormTest.class.getClassLoader(),
                new Class<?>[] {RelationalColumn.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "dataCollection" -> collection;
                    case "toString" -> collection + "." + name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    @DisplayName("a date keeps its era: the driver's java.sql.Date of a BC date, built from PostgreSQL's fields, "
            + "comes out as the same date (Debezium's own conversion made 44 BC into AD 44)")
    void datesKeepTheirEra() {
        java.util.GregorianCalendar bc = new java.util.GregorianCalendar();
        bc.clear();
        bc.set(java.util.Calendar.ERA, java.util.GregorianCalendar.BC);
        bc.set(44, java.util.Calendar.MARCH, 15);
        assertThat(PostgresTextForm.date(new java.sql.Date(bc.getTimeInMillis()))).isEqualTo("-0043-03-15");
        java.util.GregorianCalendar ad = new java.util.GregorianCalendar();
        ad.clear();
        ad.set(1500, java.util.Calendar.MARCH, 1);
        assertThat(PostgresTextForm.date(new java.sql.Date(ad.getTimeInMillis()))).isEqualTo("1500-03-01");
        assertThat(PostgresTextForm.date(new java.sql.Date(org.postgresql.PGStatement.DATE_POSITIVE_INFINITY)))
                .isEqualTo("+999999999-12-31");
        assertThat(PostgresTextForm.date(new java.sql.Date(org.postgresql.PGStatement.DATE_NEGATIVE_INFINITY)))
                .isEqualTo("-999999999-01-01");
        assertThat(PostgresTextForm.date(java.time.LocalDate.of(-43, 3, 15))).isEqualTo("-0043-03-15");
        assertThat(PostgresTextForm.date(19_000)).isEqualTo("2022-01-08");
        assertThat(PostgresTextForm.date(null)).isNull();
    }
}

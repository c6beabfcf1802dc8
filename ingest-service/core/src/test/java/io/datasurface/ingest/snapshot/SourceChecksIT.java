package io.datasurface.ingest.snapshot;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.datasurface.ingest.RecordingSink;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Values, names and faults of the snapshot reader on a real database. Run per database. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = SourceDb.Kind.class, mode = EnumSource.Mode.EXCLUDE, names = "H2_FILE")
class SourceChecksIT {
    static final String ALL_TYPES = "CREATE TABLE all_types (id integer PRIMARY KEY, b boolean, s smallint, i integer, "
            + "l bigint, r real, d double precision, n numeric(12,2), c char(3), v varchar(20), t text, dt date, "
            + "tm time(6), ts timestamp(6), tz timestamp(6) with time zone, u uuid, by bytea)";

    @Parameter
    SourceDb.Kind kind;
    SourceDb db;

    @BeforeEach
    void createSource(@TempDir Path directory) {
        db = kind.open(directory);
    }

    RecordingSink readAll(IngestionNode node) {
        RecordingSink sink = new RecordingSink();
        try (SnapshotReader reader = new SnapshotReader(node, db.connect())) {
            assertThat(reader.read(null, null, 1, sink).finished()).isTrue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sink;
    }

    DatasurfaceException readFails(IngestionNode node) {
        return catchThrowableOfType(DatasurfaceException.class, () -> readAll(node));
    }

    @Test
    void readsEveryModelTypeAsTheJavaTypeTheSinkExpectsIncludingNulls() {
        db.execute(ALL_TYPES);
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        OffsetDateTime tz = OffsetDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_000, ZoneOffset.ofHours(2));
        byte[] bytes = {0, 1, (byte) 0xff, 0x7f, 0};
        List<Object> full = Arrays.asList(1, true, (short) -32768, 2_000_000_000, 9_000_000_000_000L, 1.5f, 2.25,
                new BigDecimal("1234567890.12"), "ab", "héllo wörld ✓ 日本", "long text with emoji 😀 and \n newline",
                LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 123_456_000),
                LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_000), tz, uuid, bytes);
        List<Object> nulls = Arrays.asList(new Object[17]);
        nulls.set(0, 2);
        db.insert("all_types", List.of(full, nulls));
        IngestionNode node = Streams.snapshot("s").dataset("all_types", key("id", "integer"), col("b", "boolean"),
                col("s", "smallint"), col("i", "integer"), col("l", "bigint"), col("r", "real"), col("d", "double"),
                col("n", "decimal(12,2)"), col("c", "char(3)"), col("v", "varchar(20)"), col("t", "text"),
                col("dt", "date"), col("tm", "time"), col("ts", "timestamp"), col("tz", "timestamptz"),
                col("u", "uuid"), col("by", "bytea")).node();

        List<List<Object>> rows = readAll(node).rows("all_types");

        assertThat(rows).hasSize(2);
        List<Object> got = rows.get(0);
        List<Class<?>> types = List.of(Integer.class, Boolean.class, Short.class, Integer.class, Long.class,
                Float.class, Double.class, BigDecimal.class, String.class, String.class, String.class,
                LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, UUID.class, byte[].class);
        for (int i = 0; i < types.size(); i++) {
            assertThat(got.get(i)).as("column %d", i).isInstanceOf(types.get(i));
        }
        assertThat(got.subList(0, 8)).isEqualTo(full.subList(0, 8));
        assertThat(got.get(8)).isEqualTo("ab "); // char(3) keeps its padding
        assertThat(got.subList(9, 14)).isEqualTo(full.subList(9, 14));
        assertThat(((OffsetDateTime) got.get(14)).isEqual(tz)).as("same instant as %s: %s", tz, got.get(14)).isTrue();
        assertThat(got.get(15)).isEqualTo(uuid);
        assertThat((byte[]) got.get(16)).containsExactly(bytes);
        assertThat(rows.get(1)).isEqualTo(nulls);
    }

    @Test
    void readsNarrowerSourceTypesAsTheWiderModelType() {
        db.execute("CREATE TABLE widen (id smallint PRIMARY KEY, i integer, d date, r real, v varchar(10), "
                + "c char(3), n numeric(5,1))", "INSERT INTO widen VALUES (7, 42, DATE '2024-01-31', 0.5, 'x', 'ab', 1234.5)");
        IngestionNode node = Streams.snapshot("s").dataset("widen", key("id", "bigint"), col("i", "decimal(12,2)"),
                col("d", "timestamp"), col("r", "double"), col("v", "text"), col("c", "varchar(5)"),
                col("n", "decimal(10,3)")).node();

        assertThat(readAll(node).rows("widen")).containsExactly(List.of(7L, new BigDecimal("42"),
                LocalDateTime.of(2024, 1, 31, 0, 0), 0.5, "x", "ab ", new BigDecimal("1234.5")));
    }

    /** Like the widely used sample database's film table: a domain over integer, text[] and tsvector. */
    static final String[] FILM = {"CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155)",
        "CREATE TABLE film (film_id integer PRIMARY KEY, title text, release_year year, "
                + "special_features text[], fulltext tsvector, rating numeric(4,2))",
        "INSERT INTO film VALUES (1, 'ACADEMY DINOSAUR', 2006, ARRAY['Deleted Scenes', 'Behind the Scenes'], "
                + "to_tsvector('english', 'Academy Dinosaur: an epic drama'), 7.5), "
                + "(2, 'ACE GOLDFINGER', NULL, NULL, NULL, NULL)"};

    @Test
    @org.junit.jupiter.api.DisplayName("a domain column is captured as its base type (a domain over integer was refused "
            + "as integer and bigint)")
    void aDomainColumnIsCapturedAsItsBaseType() {
        assumeTrue(db.isPostgres(), "domains as PostgreSQL reports them");
        db.execute(FILM);
        for (String type : List.of("integer", "bigint", "decimal(10,0)")) {
            IngestionNode node = Streams.snapshot("s").dataset("film", key("film_id", "integer"), col("title", "text"),
                    col("release_year", type)).node();
            List<List<Object>> rows = readAll(node).rows("film");
            assertThat(rows).as(type).hasSize(2);
            assertThat(rows.get(0).get(2)).as(type).isIn(2006, 2006L, new BigDecimal("2006"));
            assertThat(rows.get(1).get(2)).as(type).isNull();
        }
        DatasurfaceException e = readFails(Streams.snapshot("s").dataset("film", key("film_id", "integer"),
                col("release_year", "smallint")).node());
        assertThat(e.getMessage()).contains("column release_year has type year (a domain over int4)")
                .contains("widen the model's type to integer");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("a model that says text carries any source type as PostgreSQL's text form "
            + "(text[] and tsvector could not be carried at all)")
    void anySourceTypeIsCapturedAsItsTextFormWhenTheModelSaysText() throws SQLException {
        assumeTrue(db.isPostgres(), "PostgreSQL's text forms");
        db.execute(FILM);
        List<Object> expected;
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT film_id::text, release_year::text, special_features::text, fulltext::text, rating::text "
                        + "FROM film WHERE film_id = 1")) {
            assertThat(rs.next()).isTrue();
            expected = List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        }
        assertThat(expected.get(2)).isEqualTo("{\"Deleted Scenes\",\"Behind the Scenes\"}");
        assertThat((String) expected.get(3)).contains("'dinosaur':2");
        // a key the model says is text is read and ordered as its text form too
        IngestionNode node = Streams.snapshot("s").dataset("film", key("film_id", "text"), col("release_year", "text"),
                col("special_features", "text"), col("fulltext", "text"), col("rating", "text")).node();
        List<List<Object>> rows = readAll(node).rows("film");
        assertThat(rows).containsExactly(expected, Arrays.asList("2", null, null, null, null));
    }

    @Test
    void aTypeOnlyTextCanCarryAdvisesDeclaringItText() {
        assumeTrue(db.isPostgres(), "tsvector is PostgreSQL's");
        db.execute(FILM);
        DatasurfaceException e = readFails(Streams.snapshot("s").dataset("film", key("film_id", "integer"),
                col("fulltext", "varchar(200)")).node());
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("column fulltext has type tsvector").contains("declare it text")
                .doesNotContain("widen");
    }

    @Test
    void findsTablesAndColumnsWhateverTheirCaseAndUsesTheDatasetsSqlName() {
        db.execute("CREATE TABLE customer_data (id integer PRIMARY KEY, full_name varchar(20))",
                "INSERT INTO customer_data VALUES (1, 'ann')");
        IngestionNode node = Streams.snapshot("s")
                .dataset("Customer-Data", key("ID", "integer"), col("Full_Name", "varchar(20)")).node();

        assertThat(readAll(node).rows("Customer-Data")).containsExactly(List.of(1, "ann"));
    }

    @Test
    void aMissingTableIsAnErrorNamingTableDatabaseAndSchema() {
        DatasurfaceException e = readFails(Streams.snapshot("s").dataset("nowhere", key("id", "integer")).node());
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("source table nowhere not found in " + db.product())
                .contains("(looked in schema " + db.defaultSchema() + ")");
    }

    @Test
    void aMissingColumnIsAnErrorNamingTableColumnAndDataset() {
        db.execute("CREATE TABLE people (id integer PRIMARY KEY, name varchar(20))");
        DatasurfaceException e = readFails(Streams.snapshot("s")
                .dataset("people", key("id", "integer"), col("name", "varchar(20)"), col("email", "text")).node());
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).containsIgnoringCase("source table people has no column email")
                .endsWith("(the model's dataset people needs it); add the column to the source or remove it from the model");
    }

    @Test
    void aSourceVarcharWiderThanTheModelsIsAnErrorNamingBothTypes() {
        db.execute("CREATE TABLE people (id integer PRIMARY KEY, name varchar(30))");
        DatasurfaceException e = readFails(Streams.snapshot("s")
                .dataset("people", key("id", "integer"), col("name", "varchar(20)")).node());
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).containsPattern("(?i)source table people column name has type \\w[\\w ]*\\(30\\)")
                .contains("the model's type varchar(20) of dataset people");
    }

    @Test
    void aSourceBigintIntoAModelIntegerIsAnErrorNamingBothTypes() {
        db.execute("CREATE TABLE counters (id bigint PRIMARY KEY)");
        DatasurfaceException e = readFails(Streams.snapshot("s").dataset("counters", key("id", "integer")).node());
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).containsIgnoringCase("source table counters column id has type")
                .containsAnyOf("type int8", "type bigint").contains("the model's type integer");
    }

    @Test
    void aConnectionThatDiesMidReadIsARetriableFaultWithoutSecrets() throws SQLException {
        // with a budget for every row: the reader fetches ahead of the sink, so a step that may stop early might end
        // at a checkpoint before the rows that would meet the dead connection
        db.execute("CREATE TABLE big (id integer PRIMARY KEY, pad varchar(20))");
        db.insert("big", rows(20_000)); // more than the reader fetches ahead of the sink
        Connection c = db.connect();
        IngestionNode node = Streams.snapshot("s").dataset("big", key("id", "integer"), col("pad", "varchar(20)")).node();
        RecordingSink sink = new RecordingSink().onRow(e -> {
            if (e.values().get(0).equals(5)) {
                try {
                    c.close();
                } catch (SQLException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        try (SnapshotReader reader = new SnapshotReader(node, c, 10)) {
            DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                    () -> reader.read(null, null, Integer.MAX_VALUE, sink));
            assertThat(e).isNotNull();
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage()).containsIgnoringCase("reading source table big").doesNotContain("jdbc:")
                    .doesNotContainIgnoringCase("password");
        }
    }

    @Test
    void aBackendTerminatedByTheServerMidReadIsARetriableFault() throws SQLException {
        assumeTrue(db.isPostgres(), "pg_terminate_backend is PostgreSQL's");
        db.execute("CREATE TABLE big (id integer PRIMARY KEY, pad varchar(20))");
        db.insert("big", rows(20_000)); // more than the reader fetches ahead of the sink
        Connection c = db.connect();
        int pid;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        IngestionNode node = Streams.snapshot("s").dataset("big", key("id", "integer"), col("pad", "varchar(20)")).node();
        RecordingSink sink = new RecordingSink().onRow(e -> {
            if (e.values().get(0).equals(5)) {
                db.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
        });
        try (SnapshotReader reader = new SnapshotReader(node, c, 10)) {
            DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                    () -> reader.read(null, null, Integer.MAX_VALUE, sink));
            assertThat(e).isNotNull();
            assertThat(e.retriable()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).contains("reading source table big").doesNotContain("jdbc:");
        }
    }

    @Test
    void aRestartPointThisReaderDidNotWriteIsANonRetriableError() throws SQLException {
        db.execute("CREATE TABLE t (id integer PRIMARY KEY)");
        IngestionNode node = Streams.snapshot("s").dataset("t", key("id", "integer")).node();
        for (String bad : List.of("not json", "{\"dataset\":\"gone\",\"after\":[1]}", "{\"dataset\":\"t\",\"after\":[\"x\"]}")) {
            try (SnapshotReader reader = new SnapshotReader(node, db.connect())) {
                DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                        () -> reader.read(bad, null, 1, new RecordingSink()));
                assertThat(e.retriable()).as(bad).isFalse();
                assertThat(e.getMessage()).contains("start again");
            }
        }
    }

    static List<List<Object>> rows(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> List.<Object>of(i, "row " + i)).toList();
    }
}

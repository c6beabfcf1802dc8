package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.IngestionNode;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The model's schema of a dataset changes: merge tables follow it, never destructively. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class SchemaEvolutionIT {
    static final int LIVE = Integer.MAX_VALUE;
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

    private IngestionNode people(MergeStoreFixture s, ColumnSpec... columns) {
        return Streams.stream("crm").dataset("people", columns).node(s.platform);
    }

    private static String batchColumn(Milestoning m) {
        return m == Milestoning.FORENSIC ? "ds_surf_batch_in" : "ds_surf_batch_id";
    }

    @Test
    @DisplayName("a nullable column added while a batch is open: the batch restarts under the new schema, old rows get NULL")
    void columnAddedWhileBatchOpen() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode v1 = people(s, key("id", "integer"), col("name", "varchar(50)"));
            IngestionNode v2 = people(s, key("id", "integer"), col("name", "varchar(50)"), col("email", "varchar(100)"));
            s.commit(v1, m, ListSource.delta().row("people", 1, "a").row("people", 2, "b").row("people", 3, "c"));
            ListSource old = ListSource.delta().chunkRows(1).row("people", 1, "a1").row("people", 4, "d");
            StepResult open = s.step(v1, m, old, 1);
            assertThat(List.of(open.outcome(), open.batchId())).as(m.yaml()).containsExactly(StepOutcome.KEEP_WORKING, 2L);

            ListSource now = ListSource.delta().chunkRows(1).row("people", 1, "a1", "a@x").row("people", 4, "d", null);
            StepResult done = s.commit(v2, m, now);
            assertThat(List.of(done.batchId(), done.inserted(), done.updated(), done.deleted())).as(m.yaml())
                    .containsExactly(2L, 1L, 1L, 0L);
            assertThat(now.restartPoints.get(0)).as(m.yaml() + ": read again from the start").isNull();
            assertThat(s.batch(v2, 2, "status, attempts, datasets->0->>'fingerprint'")).as(m.yaml())
                    .containsExactly("COMMITTED", 2, v2.datasets().get(0).fingerprint());
            assertThat(s.columnType("crm_people_merge", "email")).as(m.yaml()).isEqualTo("character varying(100)");
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = " + LIVE : "";
            assertThat(s.query("SELECT id, name, email, " + batchColumn(m) + " FROM " + s.table("crm_people_merge")
                    + current + " ORDER BY id")).as(m.yaml()).containsExactly(Arrays.asList(1, "a1", "a@x", 2),
                    Arrays.asList(2, "b", null, 1), Arrays.asList(3, "c", null, 1), Arrays.asList(4, "d", null, 2));
            if (m == Milestoning.FORENSIC) {
                assertThat(s.query("SELECT name, email, ds_surf_batch_out FROM " + s.table("crm_people_merge")
                        + " WHERE id = 1 AND ds_surf_batch_in = 1")).containsExactly(Arrays.asList("a", null, 1));
            }
        }
    }

    @Test
    @DisplayName("a column added between existing ones: values land in the right columns")
    void columnAddedInTheMiddle() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(people(s, key("id", "integer"), col("name", "text"), col("city", "text")), m,
                    ListSource.full().row("people", 1, "ann", "Zürich"));
            StepResult r = s.commit(people(s, key("id", "integer"), col("name", "text"), col("age", "smallint"),
                    col("city", "text")), m, ListSource.full().row("people", 1, "ann", (short) 40, "Zürich")
                    .row("people", 2, "bob", null, "東京"));
            assertThat(r.inserted()).as(m.yaml()).isEqualTo(1L);
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = " + LIVE : "";
            assertThat(s.query("SELECT id, name, age, city FROM " + s.table("crm_people_merge") + current
                    + " ORDER BY id")).as(m.yaml()).containsExactly(Arrays.asList(1, "ann", 40, "Zürich"),
                    Arrays.asList(2, "bob", null, "東京"));
        }
    }

    @Test
    @DisplayName("after a nullable column is added, rows whose values did not change are not updates")
    void addedColumnChangesNoRow() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(people(s, key("id", "integer"), col("name", "text")), m,
                    ListSource.full().row("people", 1, "a").row("people", 2, "b"));
            StepResult r = s.commit(people(s, key("id", "integer"), col("name", "text"), col("email", "text")), m,
                    ListSource.full().row("people", 1, "a", null).row("people", 2, "b", "b@x"));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 1L, 0L);
            assertThat(s.query("SELECT " + batchColumn(m) + " FROM " + s.table("crm_people_merge") + " WHERE id = 1"))
                    .as(m.yaml() + ": row 1 untouched").containsExactly(List.of(1));
        }
    }

    @Test
    @DisplayName("widened types (varchar(10) → varchar(50), integer → bigint also in the key, decimal(8,2) → decimal(12,2), date → timestamp) alter the merge table")
    void widenedTypesAlterTheTable() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode v1 = people(s, key("id", "integer"), col("name", "varchar(10)"), col("n", "integer"),
                    col("price", "decimal(8,2)"), col("born", "date"));
            IngestionNode v2 = people(s, key("id", "bigint"), col("name", "varchar(50)"), col("n", "bigint"),
                    col("price", "decimal(12,2)"), col("born", "timestamp"));
            s.commit(v1, m, ListSource.full().row("people", 1, "short", 5, new BigDecimal("123456.78"),
                    LocalDate.of(2000, 1, 2)));
            StepResult r = s.commit(v2, m, ListSource.full()
                    .row("people", 1L, "short", 5L, new BigDecimal("123456.78"), LocalDate.of(2000, 1, 2).atStartOfDay())
                    .row("people", 5_000_000_000L, "a name longer than ten", 5_000_000_000L,
                            new BigDecimal("1234567890.12"), LocalDate.of(2024, 5, 6).atTime(7, 8, 9)));
            assertThat(r.inserted()).as(m.yaml()).isEqualTo(1L);
            assertThat(List.of(s.columnType("crm_people_merge", "id"), s.columnType("crm_people_merge", "name"),
                    s.columnType("crm_people_merge", "n"), s.columnType("crm_people_merge", "price"),
                    s.columnType("crm_people_merge", "born"))).as(m.yaml()).containsExactly("bigint",
                    "character varying(50)", "bigint", "numeric(12,2)", "timestamp without time zone");
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = " + LIVE : "";
            assertThat(s.query("SELECT id, name, n, price::text, born::text FROM " + s.table("crm_people_merge")
                    + current + " ORDER BY id")).as(m.yaml()).containsExactly(
                    List.of(1L, "short", 5L, "123456.78", "2000-01-02 00:00:00"),
                    List.of(5_000_000_000L, "a name longer than ten", 5_000_000_000L, "1234567890.12",
                            "2024-05-06 07:08:09"));
        }
    }

    @Test
    @DisplayName("widening varchar length or decimal precision leaves unchanged rows unchanged")
    void sameKindWideningChangesNoRow() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(people(s, key("id", "integer"), col("name", "varchar(10)"), col("price", "decimal(8,2)")), m,
                    ListSource.full().row("people", 1, "a", new BigDecimal("1.50")));
            StepResult r = s.commit(people(s, key("id", "integer"), col("name", "varchar(50)"),
                    col("price", "decimal(12,2)")), m, ListSource.full().row("people", 1, "a", new BigDecimal("1.50")));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 0L, 0L);
        }
    }

    @Test
    @DisplayName("widening integer → bigint leaves unchanged rows unchanged")
    void integerToBigintChangesNoRow() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(people(s, key("id", "integer"), col("n", "integer")), m, ListSource.full().row("people", 1, 5));
            StepResult r = s.commit(people(s, key("id", "integer"), col("n", "bigint")), m,
                    ListSource.full().row("people", 1, 5L));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 0L, 0L);
        }
    }

    @Test
    @DisplayName("a narrowing or incompatible type: ERROR naming the table and column, merge table left as it was")
    void narrowingIsRefused() throws SQLException {
        IngestionNode v1 = people(store, key("id", "integer"), col("name", "varchar(50)"), col("n", "integer"));
        store.commit(v1, Milestoning.LIVE_ONLY, ListSource.full().row("people", 1, "a", 5));
        List<List<Object>> before = store.rows("crm_people_merge", "id");
        String table = store.platform + ".crm_people_merge";
        IngestionNode narrower = people(store, key("id", "integer"), col("added", "text"), col("name", "varchar(10)"),
                col("n", "integer"));
        IngestionNode otherType = people(store, key("id", "integer"), col("name", "varchar(50)"), col("added", "text"),
                col("n", "varchar(20)"));
        for (IngestionNode v2 : List.of(narrower, otherType)) {
            String column = v2 == narrower ? "name" : "n";
            StepResult r = store.step(v2, Milestoning.LIVE_ONLY, ListSource.full().row("people", 1, "x", "a", 5), 10);
            assertThat(List.of(r.outcome(), r.retriable())).as(column).containsExactly(StepOutcome.ERROR, false);
            assertThat(r.message()).as(column).contains(table).contains("'" + column + "'");
        }
        assertThat(List.of(store.columnType("crm_people_merge", "name"), store.columnType("crm_people_merge", "n")))
                .containsExactly("character varying(50)", "integer");
        assertThat(store.columnType("crm_people_merge", "added")).as("nothing altered, not even the added column").isNull();
        assertThat(store.rows("crm_people_merge", "id")).isEqualTo(before);
        assertThat(store.batchIds(v1)).containsExactly(1L);
    }

    @Test
    @DisplayName("a merge table made for the other milestoning: ERROR naming it")
    void milestoningCannotChange() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = people(s, key("id", "integer"), col("name", "text"));
            s.commit(node, m, ListSource.full().row("people", 1, "a"));
            Milestoning other = m == Milestoning.FORENSIC ? Milestoning.LIVE_ONLY : Milestoning.FORENSIC;
            StepResult r = s.step(node, other, ListSource.full().row("people", 1, "b"), 10);
            assertThat(r.outcome()).as(m.yaml()).isEqualTo(StepOutcome.ERROR);
            assertThat(r.message()).as(m.yaml()).contains(s.platform + ".crm_people_merge").contains(m.yaml());
            assertThat(s.query("SELECT name FROM " + s.table("crm_people_merge"))).containsExactly(List.of("a"));
        }
    }
}

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
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Input the engine must refuse: duplicate or NULL keys, values a reader should not have given. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class BadInputIT {
    MergeStoreFixture store;
    IngestionNode node;

    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @BeforeEach
    void newStore() {
        store = new MergeStoreFixture(server());
        node = Streams.stream("crm").dataset("orders", key("id", "integer"), key("code", "varchar(10)"),
                col("qty", "integer")).node(store.platform);
    }

    private List<List<Object>> merged() throws SQLException {
        return store.query("SELECT id, code, qty FROM " + store.table("crm_orders_merge") + " ORDER BY id, code");
    }

    @Test
    @DisplayName("a duplicate key in a FULL snapshot: ERROR naming the key, batch FAILED with the error, merge table unchanged; the fixed source commits that batch")
    void duplicateKey() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode n = Streams.stream("crm").dataset("orders", key("id", "integer"), key("code", "varchar(10)"),
                    col("qty", "integer")).node(s.platform);
            s.commit(n, m, ListSource.full().row("orders", 1, "a", 10).row("orders", 7, "x", 1));
            List<List<Object>> before = s.rows("crm_orders_merge", "id, code");

            StepResult bad = s.step(n, m, ListSource.full().row("orders", 1, "a", 11).row("orders", 7, "x", 2)
                    .row("orders", 7, "y", 3).row("orders", 7, "x", 4), 10);
            assertThat(List.of(bad.outcome(), bad.batchId(), bad.retriable())).as(m.yaml())
                    .containsExactly(StepOutcome.ERROR, 2L, false);
            assertThat(bad.message()).as(m.yaml()).contains("(id, code)=(7, x)").contains("orders");
            assertThat(s.batch(n, 2, "status, error")).as(m.yaml()).containsExactly("FAILED", bad.message());
            assertThat(s.rows("crm_orders_merge", "id, code")).as(m.yaml() + ": merge table unchanged").isEqualTo(before);

            StepResult fixed = s.step(n, m, ListSource.full().row("orders", 1, "a", 11).row("orders", 7, "x", 2)
                    .row("orders", 7, "y", 3), 10);
            assertThat(List.of(fixed.outcome(), fixed.batchId(), fixed.inserted(), fixed.updated(), fixed.deleted()))
                    .as(m.yaml()).containsExactly(StepOutcome.DONE, 2L, 1L, 2L, 0L);
            assertThat(s.batch(n, 2, "status, attempts")).as(m.yaml()).containsExactly("COMMITTED", 2);
            assertThat(s.batchIds(n)).as(m.yaml()).containsExactly(1L, 2L);
        }
    }

    @Test
    @DisplayName("a batch is merged all or nothing: a bad snapshot of one dataset leaves the other datasets unmerged too")
    void multiDatasetBatchIsAtomic() throws SQLException {
        IngestionNode two = Streams.stream("shop").dataset("customers", key("id", "integer"), col("name", "text"))
                .dataset("items", key("sku", "text"), col("price", "decimal(8,2)")).node(store.platform);
        Milestoning live = Milestoning.LIVE_ONLY;
        store.commit(two, live, ListSource.full().row("customers", 1, "ann").row("items", "a", new BigDecimal("1.00")));
        StepResult bad = store.step(two, live, ListSource.full().row("customers", 1, "ANN").row("customers", 2, "bob")
                .row("items", "a", new BigDecimal("2.00")).row("items", "a", new BigDecimal("3.00")), 10);
        assertThat(bad.outcome()).isEqualTo(StepOutcome.ERROR);
        assertThat(bad.message()).contains("items").contains("(sku)=(a)");
        assertThat(store.query("SELECT id, name FROM " + store.table("shop_customers_merge") + " ORDER BY id"))
                .as("the good dataset is not merged alone").containsExactly(List.of(1, "ann"));
        assertThat(store.batch(two, 2, "status")).containsExactly("FAILED");
    }

    @Test
    @DisplayName("a NULL key: ERROR, in a FULL snapshot and in a DELTA batch, and nothing merged")
    void nullKey() throws SQLException {
        Milestoning live = Milestoning.LIVE_ONLY;
        store.commit(node, live, ListSource.full().row("orders", 1, "a", 10));
        StepResult full = store.step(node, live, ListSource.full().row("orders", 1, "a", 11).row("orders", 2, null, 1), 10);
        assertThat(List.of(full.outcome(), full.retriable())).containsExactly(StepOutcome.ERROR, false);
        assertThat(full.message()).contains("NULL").contains("orders");

        MergeStoreFixture d = new MergeStoreFixture(server());
        IngestionNode n = Streams.stream("crm").dataset("orders", key("id", "integer"), key("code", "varchar(10)"),
                col("qty", "integer")).node(d.platform);
        d.commit(n, live, ListSource.delta().row("orders", 1, "a", 10));
        StepResult upsert = d.step(n, live, ListSource.delta().row("orders", 1, "a", 11).row("orders", null, "b", 1), 10);
        assertThat(upsert.outcome()).as("an upsert without its key").isEqualTo(StepOutcome.ERROR);
        StepResult delete = d.step(n, live, ListSource.delta().row("orders", 1, "a", 11).delete("orders", 1, null, null), 10);
        assertThat(delete.outcome()).as("a delete without its key").isEqualTo(StepOutcome.ERROR);
        assertThat(delete.message()).contains("code");

        assertThat(merged()).containsExactly(List.of(1, "a", 10));
        assertThat(d.query("SELECT id, code, qty FROM " + d.table("crm_orders_merge"))).containsExactly(List.of(1, "a", 10));
    }

    @Test
    @DisplayName("a value that does not fit its column (varchar too long, decimal overflow): ERROR naming the column")
    void valueDoesNotFit() throws SQLException {
        IngestionNode n = Streams.stream("crm").dataset("prices", key("id", "integer"), col("code", "varchar(3)"),
                col("price", "decimal(5,2)")).node(store.platform);
        StepResult tooLong = store.step(n, Milestoning.LIVE_ONLY, ListSource.full().row("prices", 1, "abcd",
                new BigDecimal("1.00")), 10);
        assertThat(List.of(tooLong.outcome(), tooLong.retriable())).containsExactly(StepOutcome.ERROR, false);
        assertThat(tooLong.message()).contains("code").contains("character varying(3)");
        StepResult overflow = store.step(n, Milestoning.LIVE_ONLY, ListSource.full().row("prices", 1, "abc",
                new BigDecimal("1000.00")), 10);
        assertThat(overflow.outcome()).isEqualTo(StepOutcome.ERROR);
        assertThat(overflow.message()).contains("price");
        assertThat(store.batch(n, 1, "status")).containsExactly("FAILED");
    }

    @Test
    @DisplayName("a reader that gives a value of the wrong Java type or a NUL character: ERROR that says so, nothing merged")
    void valuesAReaderShouldNotGive() throws SQLException {
        Milestoning live = Milestoning.LIVE_ONLY;
        StepResult wrongType = store.step(node, live, ListSource.full().row("orders", 1, "a", 10L), 10);
        assertThat(List.of(wrongType.outcome(), wrongType.retriable())).containsExactly(StepOutcome.ERROR, false);
        assertThat(wrongType.message()).contains("Long").contains("integer");
        StepResult nul = store.step(node, live, ListSource.full().row("orders", 1, "a\0b", 10), 10);
        assertThat(nul.outcome()).isEqualTo(StepOutcome.ERROR);
        assertThat(nul.message()).contains("NUL");
        StepResult unknown = store.step(node, live, ListSource.full().row("nope", 1, "a", 10), 10);
        assertThat(unknown.outcome()).isEqualTo(StepOutcome.ERROR);
        assertThat(unknown.message()).contains("nope");
        assertThat(merged()).isEmpty();
    }
}

package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.IngestionNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Loads that take several steps, with the restart point and staged counts kept in the batch row. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class ChunkedLoadIT {
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

    private IngestionNode people(String storeName) {
        return Streams.stream(storeName).dataset("people", key("id", "integer"), col("name", "varchar(50)"))
                .node(store.platform);
    }

    private static ListSource people(int from, int to) {
        ListSource s = ListSource.full();
        for (int i = from; i <= to; i++) {
            s.row("people", i, "name " + i);
        }
        return s;
    }

    @Test
    @DisplayName("a chunked load takes several KEEP_WORKING steps, then DONE, and equals a single-step load")
    void chunkedLoad() throws SQLException {
        IngestionNode node = people("crm");
        ListSource source = people(1, 7).chunkRows(2).position("w7");
        List<Long> progress = new ArrayList<>();
        for (int staged : new int[] {2, 4, 6}) {
            StepResult r = store.step(node, Milestoning.LIVE_ONLY, source, 1, progress::add);
            assertThat(r.outcome()).as(r.summary()).isEqualTo(StepOutcome.KEEP_WORKING);
            assertThat(r.batchId()).isEqualTo(1);
            assertThat(r.rowsStaged()).isEqualTo(staged);
            assertThat(store.batch(node, 1, "status, restart_point, (loaded->>'people')::int"))
                    .containsExactly("STARTED", Integer.toString(staged), staged);
            assertThat(store.rows("crm_people_merge", "id")).as("nothing merged before the batch is read").isEmpty();
        }
        assertThat(source.restartPoints).containsExactly(null, "2", "4");
        StepResult done = store.step(node, Milestoning.LIVE_ONLY, source, 1);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(source.restartPoints).containsExactly(null, "2", "4", "6");
        assertThat(progress).containsExactly(2L, 4L, 6L);
        assertThat(List.of(done.batchId(), done.inserted(), done.updated(), done.deleted())).containsExactly(1L, 7L, 0L, 0L);
        assertThat(store.batch(node, 1, "status, (loaded->>'people')::int, inserted, total, source_position"))
                .containsExactly("COMMITTED", 7, 7L, 7L, "w7");
        assertThat(store.rows("crm_people_merge", "id")).as("staging is emptied after the merge").hasSize(7);
        assertThat(store.rows("crm_people_staging", "1")).isEmpty();

        MergeStoreFixture oneStep = new MergeStoreFixture(server());
        IngestionNode same = Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "varchar(50)"))
                .node(oneStep.platform);
        StepResult single = oneStep.step(same, Milestoning.LIVE_ONLY, people(1, 7), 1);
        assertThat(single.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(store.rows("crm_people_merge", "id")).isEqualTo(oneStep.rows("crm_people_merge", "id"));
    }

    @Test
    @DisplayName("a chunked DELTA batch: the last change of a key wins even when the changes are steps apart")
    void chunkedDeltaKeepsChangeOrder() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode n = Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "varchar(50)"))
                    .node(s.platform);
            s.commit(n, m, ListSource.delta().row("people", 1, "a").row("people", 2, "b"));
            StepResult r = s.commit(n, m, ListSource.delta().chunkRows(1)
                    .row("people", 1, "a1").delete("people", 2, null).row("people", 3, "c")
                    .row("people", 1, "a2").row("people", 2, "b2").delete("people", 3, null));
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 2L, 0L);
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : "";
            assertThat(s.query("SELECT id, name FROM " + s.table("crm_people_merge") + current + " ORDER BY id"))
                    .as(m.yaml()).containsExactly(List.of(1, "a2"), List.of(2, "b2"));
        }
    }

    @Test
    @DisplayName("chunks bigger than the COPY buffer, and a multi-dataset stream whose rows alternate between datasets")
    void bigAndInterleavedChunks() throws SQLException {
        IngestionNode node = Streams.stream("shop").dataset("customers", key("id", "integer"), col("bio", "text"))
                .dataset("orders", key("id", "bigint"), col("customer", "integer")).node(store.platform);
        String bio = "x".repeat(700) + " Zürich ✓ 東京\t\n";
        ListSource source = ListSource.full().chunkRows(2_000);
        for (int i = 1; i <= 3_000; i++) {                 // the first chunk alone is over 1 MiB
            source.row("customers", i, bio + i);
        }
        for (int i = 3_001; i <= 5_000; i++) {             // then the datasets alternate row by row
            source.row("customers", i, bio + i);
            source.row("orders", (long) i - 3_000, i - 3_000);
        }
        for (int i = 2_001; i <= 5_000; i++) {
            source.row("orders", (long) i, i);
        }
        StepResult first = store.step(node, Milestoning.FORENSIC, source, 2);
        assertThat(List.of(first.outcome(), first.rowsStaged())).containsExactly(StepOutcome.KEEP_WORKING, 4_000L);
        assertThat(store.batch(node, 1, "(loaded->>'customers')::int, (loaded->>'orders')::int"))
                .containsExactly(3_500, 500);
        StepResult done = store.commit(node, Milestoning.FORENSIC, source);
        assertThat(done.counts()).extracting(c -> c.dataset() + " " + c.inserted() + "/" + c.total())
                .containsExactly("customers 5000/5000", "orders 5000/5000");
        assertThat(store.query("SELECT count(*), sum(length(bio)), count(*) FILTER (WHERE bio = '" + bio + "' || id) FROM "
                + store.table("shop_customers_merge"))).containsExactly(List.of(5_000L,
                (long) 5_000 * bio.length() + 18_893L, 5_000L));
        assertThat(store.query("SELECT count(*), sum(customer) FROM " + store.table("shop_orders_merge")))
                .containsExactly(List.of(5_000L, 12_502_500L));
    }

    @Test
    @DisplayName("batch ids count up from 1 per stream; two streams of one platform number their batches independently")
    void batchIdsPerStream() throws SQLException {
        IngestionNode crm = people("crm");
        IngestionNode erp = people("erp");
        Milestoning live = Milestoning.LIVE_ONLY;
        assertThat(store.commit(crm, live, people(1, 2).position("c1")).batchId()).isEqualTo(1);
        assertThat(store.commit(crm, live, people(1, 3).position("c2")).batchId()).isEqualTo(2);

        ListSource erpFirst = people(1, 5).chunkRows(2);
        StepResult open = store.step(erp, live, erpFirst, 1);
        assertThat(List.of(open.outcome(), open.batchId())).containsExactly(StepOutcome.KEEP_WORKING, 1L);
        ListSource crmThird = people(1, 4).position("c3");
        assertThat(store.commit(crm, live, crmThird).batchId()).as("an open batch of another stream blocks nothing")
                .isEqualTo(3);
        assertThat(crmThird.lastPreviousPosition).as("a batch starts from the previous batch's position").isEqualTo("c2");
        assertThat(store.commit(erp, live, erpFirst).batchId()).isEqualTo(1);
        assertThat(store.commit(erp, live, people(1, 1)).batchId()).isEqualTo(2);

        assertThat(store.batchIds(crm)).containsExactly(1L, 2L, 3L);
        assertThat(store.batchIds(erp)).containsExactly(1L, 2L);
        assertThat(store.rows("crm_people_merge", "id")).hasSize(4);
        assertThat(store.rows("erp_people_merge", "id")).hasSize(1);
        assertThat(store.batch(crm, 3, "previous_position, source_position")).containsExactly("c2", "c3");
    }
}

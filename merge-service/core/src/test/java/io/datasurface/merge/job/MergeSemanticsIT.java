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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exact live-only and forensic semantics, written once and run on each PostgreSQL version.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class MergeSemanticsIT {
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

    private IngestionNode people() {
        return Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "varchar(50)"))
                .node(store.platform);
    }

    private static ListSource snapshot(Object[]... rows) {
        ListSource s = ListSource.full();
        for (Object[] r : rows) {
            s.row("people", r);
        }
        return s;
    }

    private static Object[] p(int id, String name) {
        return new Object[] {id, name};
    }

    @Test
    @DisplayName("live-only, source changed in place: unchanged rows keep their batch id")
    void liveSemantics() throws SQLException {
        IngestionNode node = people();
        Milestoning live = Milestoning.LIVE_ONLY;
        assertThat(store.commit(node, live, snapshot()).batchId()).isEqualTo(1);
        assertThat(store.rows("crm_people_merge", "id")).isEmpty();

        StepResult b2 = store.commit(node, live, snapshot(p(1, "a"), p(2, "b"), p(3, "c"), p(4, "d"), p(5, "e")));
        assertThat(b2.batchId()).isEqualTo(2);
        assertThat(b2.inserted()).isEqualTo(5);
        assertThat(batchIds()).containsExactly(List.of(1, 2), List.of(2, 2), List.of(3, 2), List.of(4, 2), List.of(5, 2));

        StepResult b3 = store.commit(node, live, snapshot(p(1, "A"), p(2, "b"), p(4, "d"), p(5, "e")));
        assertThat(List.of(b3.inserted(), b3.updated(), b3.deleted())).containsExactly(0L, 1L, 1L);
        assertThat(batchIds()).containsExactly(List.of(1, 3), List.of(2, 2), List.of(4, 2), List.of(5, 2));

        StepResult b4 = store.commit(node, live, snapshot(p(1, "A"), p(2, "b"), p(3, "c"), p(4, "d"), p(5, "e")));
        assertThat(List.of(b4.inserted(), b4.updated(), b4.deleted())).containsExactly(1L, 0L, 0L);

        StepResult b5 = store.commit(node, live, snapshot(p(1, "A"), p(2, "b"), p(3, "c"), p(4, "d"), p(5, "e")));
        assertThat(b5.batchId()).isEqualTo(5);
        assertThat(List.of(b5.inserted(), b5.updated(), b5.deleted())).containsExactly(0L, 0L, 0L);
        assertThat(batchIds()).containsExactly(List.of(1, 3), List.of(2, 2), List.of(3, 4), List.of(4, 2), List.of(5, 2));
        assertThat(store.query("SELECT id, name FROM \"" + store.platform + "\".crm_people_merge ORDER BY id"))
                .containsExactly(List.of(1, "A"), List.of(2, "b"), List.of(3, "c"), List.of(4, "d"), List.of(5, "e"));
    }

    private List<List<Object>> batchIds() throws SQLException {
        return store.query("SELECT id, ds_surf_batch_id FROM \"" + store.platform + "\".crm_people_merge ORDER BY id");
    }

    @Test
    @DisplayName("forensic, source replaced each batch: exactly four versions with the right milestones")
    void forensicSemantics() throws SQLException {
        IngestionNode node = people();
        Milestoning f = Milestoning.FORENSIC;
        store.commit(node, f, snapshot(p(1, "billy")));
        store.commit(node, f, snapshot(p(1, "billy"), p(2, "laura")));
        StepResult b3 = store.commit(node, f, snapshot(p(1, "william"), p(2, "laura")));
        assertThat(List.of(b3.inserted(), b3.updated(), b3.deleted())).containsExactly(0L, 1L, 0L);
        StepResult b4 = store.commit(node, f, snapshot(p(2, "laura")));
        assertThat(List.of(b4.inserted(), b4.updated(), b4.deleted())).containsExactly(0L, 0L, 1L);
        StepResult b5 = store.commit(node, f, snapshot(p(1, "billy"), p(2, "laura")));
        assertThat(List.of(b5.inserted(), b5.updated(), b5.deleted())).containsExactly(1L, 0L, 0L);

        assertThat(store.query("SELECT id, name, ds_surf_batch_in, ds_surf_batch_out FROM \"" + store.platform
                + "\".crm_people_merge ORDER BY id, ds_surf_batch_in")).containsExactly(
                List.of(1, "billy", 1, 2),
                List.of(1, "william", 3, 3),
                List.of(1, "billy", 5, LIVE),
                List.of(2, "laura", 2, LIVE));
    }

    @Test
    @DisplayName("hashes tell ('ab','c') from ('a','bc') and NULL from ''")
    void hashIsUnambiguous() throws SQLException {
        IngestionNode node = Streams.stream("h").dataset("pairs", key("id", "integer"), col("a", "text"),
                col("b", "text")).node(store.platform);
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(node, m, ListSource.full().row("pairs", 1, "ab", "c").row("pairs", 2, null, "x"));
            StepResult r = s.commit(node, m, ListSource.full().row("pairs", 1, "a", "bc").row("pairs", 2, "", "x"));
            assertThat(r.updated()).as(m + ": both rows changed").isEqualTo(2);
            StepResult same = s.commit(node, m, ListSource.full().row("pairs", 1, "a", "bc").row("pairs", 2, "", "x"));
            assertThat(same.updated()).as(m + ": nothing changed").isZero();
        }
    }

    @Test
    @DisplayName("DELTA batches: inserts, updates and deletes; the last change of a key in a batch wins")
    void deltaSemantics() throws SQLException {
        IngestionNode node = people();
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            s.commit(node, m, ListSource.delta().row("people", 1, "a").row("people", 2, "b").row("people", 3, "c"));
            StepResult r = s.commit(node, m, ListSource.delta()
                    .row("people", 1, "a2").row("people", 1, "a3")      // two updates: the last wins
                    .delete("people", 2, null)                           // a delete by key
                    .row("people", 4, "d").delete("people", 4, null)     // inserted then deleted in one batch
                    .row("people", 3, "c")                               // an update that changes nothing
                    .delete("people", 9, null));                         // a delete of an absent key
            assertThat(List.of(r.inserted(), r.updated(), r.deleted())).as(m.yaml()).containsExactly(0L, 1L, 1L);
            String current = m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = " + LIVE : "";
            assertThat(s.query("SELECT id, name FROM \"" + s.platform + "\".crm_people_merge" + current + " ORDER BY id"))
                    .as(m.yaml()).containsExactly(List.of(1, "a3"), List.of(3, "c"));
            if (m == Milestoning.FORENSIC) {
                assertThat(s.query("SELECT id, name, ds_surf_batch_in, ds_surf_batch_out FROM \"" + s.platform
                        + "\".crm_people_merge ORDER BY id, ds_surf_batch_in")).containsExactly(
                        List.of(1, "a", 1, 1), List.of(1, "a3", 2, LIVE), List.of(2, "b", 1, 1), List.of(3, "c", 1, LIVE));
            }
        }
    }
}

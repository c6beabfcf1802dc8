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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** DELTA batches on live-only and forensic merge tables: deletes and re-inserts of one key. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class DeltaEdgesIT {
    static final int LIVE = Integer.MAX_VALUE;

    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    private static IngestionNode lines(MergeStoreFixture s) {
        return Streams.stream("erp").dataset("lines", key("id", "integer"), key("code", "varchar(10)"),
                col("name", "text")).node(s.platform);
    }

    private static List<Long> counts(StepResult r) {
        return List.of(r.inserted(), r.updated(), r.deleted());
    }

    private static List<List<Object>> history(MergeStoreFixture s) throws SQLException {
        return s.query("SELECT id, code, name, ds_surf_batch_in, ds_surf_batch_out FROM " + s.table("erp_lines_merge")
                + " ORDER BY id, code, ds_surf_batch_in");
    }

    private static List<List<Object>> live(MergeStoreFixture s) throws SQLException {
        return s.query("SELECT id, code, name, ds_surf_batch_id FROM " + s.table("erp_lines_merge") + " ORDER BY id, code");
    }

    @Test
    @DisplayName("a delete then a re-insert of one key in one batch: the re-insert wins; with equal values it is no change")
    void deleteThenReinsertInOneBatch() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = lines(s);
            s.commit(node, m, ListSource.delta().row("lines", 1, "a", "one").row("lines", 1, "b", "one b")
                    .row("lines", 2, "a", "two").row("lines", 3, "a", "three"));
            StepResult r = s.commit(node, m, ListSource.delta()
                    .delete("lines", 1, "a", null).row("lines", 1, "a", "ONE")      // re-inserted changed
                    .delete("lines", 2, "a", null).row("lines", 2, "a", "two")      // re-inserted as it was
                    .row("lines", 3, "a", "THREE").delete("lines", 3, "a", null));  // changed, then deleted
            assertThat(counts(r)).as(m.yaml()).containsExactly(0L, 1L, 1L);
            if (m == Milestoning.LIVE_ONLY) {
                assertThat(live(s)).containsExactly(List.of(1, "a", "ONE", 2), List.of(1, "b", "one b", 1),
                        List.of(2, "a", "two", 1));
            } else {
                assertThat(history(s)).containsExactly(List.of(1, "a", "one", 1, 1), List.of(1, "a", "ONE", 2, LIVE),
                        List.of(1, "b", "one b", 1, LIVE), List.of(2, "a", "two", 1, LIVE),
                        List.of(3, "a", "three", 1, 1));
            }
        }
    }

    @Test
    @DisplayName("a key deleted by one DELTA batch and inserted again by a later one: forensic opens a new version")
    void deletedKeyComesBack() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = lines(s);
            s.commit(node, m, ListSource.delta().row("lines", 1, "a", "x").row("lines", 2, "a", "y"));
            assertThat(counts(s.commit(node, m, ListSource.delta().delete("lines", 1, "a", null)))).as(m.yaml())
                    .containsExactly(0L, 0L, 1L);
            assertThat(counts(s.commit(node, m, ListSource.delta().row("lines", 1, "a", "x")))).as(m.yaml())
                    .containsExactly(1L, 0L, 0L);
            assertThat(counts(s.commit(node, m, ListSource.delta().delete("lines", 1, "a", null)
                    .delete("lines", 1, "a", null)))).as(m.yaml() + ": deleted twice in one batch").containsExactly(0L, 0L, 1L);
            assertThat(counts(s.commit(node, m, ListSource.delta().delete("lines", 1, "a", null)))).as(m.yaml()
                    + ": delete of a deleted key").containsExactly(0L, 0L, 0L);
            assertThat(counts(s.commit(node, m, ListSource.delta().row("lines", 1, "a", "z")))).as(m.yaml())
                    .containsExactly(1L, 0L, 0L);
            if (m == Milestoning.LIVE_ONLY) {
                assertThat(live(s)).containsExactly(List.of(1, "a", "z", 6), List.of(2, "a", "y", 1));
            } else {
                assertThat(history(s)).containsExactly(List.of(1, "a", "x", 1, 1), List.of(1, "a", "x", 3, 3),
                        List.of(1, "a", "z", 6, LIVE), List.of(2, "a", "y", 1, LIVE));
            }
        }
    }

    @Test
    @DisplayName("an empty FULL snapshot deletes (closes) every row; the next snapshot brings rows back")
    void emptySnapshot() throws SQLException {
        for (Milestoning m : Milestoning.values()) {
            MergeStoreFixture s = new MergeStoreFixture(server());
            IngestionNode node = lines(s);
            s.commit(node, m, ListSource.full().row("lines", 1, "a", "x").row("lines", 2, "a", "y"));
            assertThat(counts(s.commit(node, m, ListSource.full()))).as(m.yaml()).containsExactly(0L, 0L, 2L);
            assertThat(counts(s.commit(node, m, ListSource.delta().row("lines", 2, "a", "y")))).as(m.yaml())
                    .containsExactly(1L, 0L, 0L);
            assertThat(counts(s.commit(node, m, ListSource.full().row("lines", 1, "a", "x")))).as(m.yaml())
                    .containsExactly(1L, 0L, 1L);
            if (m == Milestoning.LIVE_ONLY) {
                assertThat(live(s)).containsExactly(List.of(1, "a", "x", 4));
            } else {
                assertThat(history(s)).containsExactly(List.of(1, "a", "x", 1, 1), List.of(1, "a", "x", 4, LIVE),
                        List.of(2, "a", "y", 1, 1), List.of(2, "a", "y", 3, 3));
            }
        }
    }
}

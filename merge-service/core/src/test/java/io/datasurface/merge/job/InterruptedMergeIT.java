package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A step killed while it merges (its batch INGESTED: every row staged): the next step merges without
 * reading the source again, or reads it again when staging was lost meanwhile.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class InterruptedMergeIT {
    static final Milestoning LIVE = Milestoning.LIVE_ONLY;
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
        node = Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "varchar(50)"))
                .node(store.platform);
    }

    private ListSource batchTwo() throws SQLException {
        store.commit(node, LIVE, ListSource.full().row("people", 1, "a").row("people", 2, "b"));
        return ListSource.full().chunkRows(1).row("people", 1, "A").row("people", 3, "c").position("p2");
    }

    private void assertBatchTwoMerged() throws SQLException {
        assertThat(store.query("SELECT id, name, ds_surf_batch_id FROM " + store.table("crm_people_merge")
                + " ORDER BY id")).containsExactly(List.of(1, "A", 2), List.of(3, "c", 2));
        assertThat(store.batch(node, 2, "status, inserted, updated, deleted, source_position"))
                .containsExactly("COMMITTED", 1L, 1L, 1L, "p2");
    }

    /** Runs a step while the merge table is locked, and kills its backend once it waits for that lock. */
    private StepResult killedWhileMerging(ListSource source) throws Exception {
        try (Connection blocker = store.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + store.table("crm_people_merge") + " IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<StepResult> step = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.step(node, LIVE, source, 10);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<List<Object>> waiting = List.of();
            while (waiting.isEmpty() && !step.isDone() && System.nanoTime() < deadline) {
                waiting = store.query("SELECT pid FROM pg_locks WHERE NOT granted AND relation = '"
                        + store.table("crm_people_merge") + "'::regclass");
            }
            assertThat(waiting).as("the step waits for the merge table").hasSize(1);
            store.query("SELECT pg_terminate_backend(" + waiting.get(0).get(0) + ")");
            StepResult r = step.get(60, TimeUnit.SECONDS);
            blocker.rollback();
            return r;
        }
    }

    @Test
    @DisplayName("killed during the merge: ERROR; the next step merges the staged batch without reading the source again")
    void killedDuringMergeResumesAtMerge() throws Exception {
        ListSource source = batchTwo();
        StepResult killed = killedWhileMerging(source);
        assertThat(List.of(killed.outcome(), killed.retriable())).as(killed.summary())
                .containsExactly(StepOutcome.ERROR, true);
        assertThat(store.batch(node, 2, "status, (loaded->>'people')::int")).containsExactly("INGESTED", 2);
        assertThat(store.query("SELECT id, name FROM " + store.table("crm_people_merge") + " ORDER BY id"))
                .as("nothing merged").containsExactly(List.of(1, "a"), List.of(2, "b"));

        StepResult done = store.step(node, LIVE, source, 10);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(source.reads).as("the source is not read again").isEqualTo(1);
        assertBatchTwoMerged();
    }

    @Test
    @DisplayName("killed during the merge, then staging lost: the next step reads the batch again from the start")
    void killedDuringMergeThenStagingLost() throws Exception {
        ListSource source = batchTwo();
        assertThat(killedWhileMerging(source).outcome()).isEqualTo(StepOutcome.ERROR);
        store.execute("TRUNCATE " + store.table("crm_people_staging"));

        StepResult done = store.step(node, LIVE, source, 10);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(source.restartPoints).containsExactly(null, null);
        assertThat(store.batch(node, 2, "attempts")).containsExactly(2);
        assertBatchTwoMerged();
    }
}

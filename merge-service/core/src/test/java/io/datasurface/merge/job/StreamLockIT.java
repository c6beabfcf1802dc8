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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One step of a stream at a time: the stream's session lock in the merge store. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class StreamLockIT {
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

    private StepResult step(ListSource source, int lockWaitSeconds) throws SQLException {
        try (Connection c = store.connect()) {
            return new StreamStep(c, store.platform, LIVE, node, n -> { }).lockWait(lockWaitSeconds).run(source, 10);
        }
    }

    @Test
    @DisplayName("a step of a stream while another process holds its lock: ERROR saying so, and it runs once the lock is free")
    void lockedStreamIsRefused() throws SQLException {
        store.commit(node, LIVE, ListSource.full().row("people", 1, "a"));
        ListSource source = ListSource.full().row("people", 1, "b");
        try (Connection other = store.connect()) {
            lock(other, "pg_advisory_lock");
            StepResult r = step(source, 1);
            assertThat(List.of(r.outcome(), r.retriable())).containsExactly(StepOutcome.ERROR, true);
            assertThat(r.message()).contains("another process");
            assertThat(source.reads).as("the source is not read").isZero();
            assertThat(store.batchIds(node)).as("no batch started").containsExactly(1L);
            lock(other, "pg_advisory_unlock");
        }
        assertThat(step(source, 1).outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(store.query("SELECT id, name FROM " + store.table("crm_people_merge"))).containsExactly(List.of(1, "b"));
    }

    @Test
    @DisplayName("a step waits for a stream lock that is released within its wait, then runs")
    void stepWaitsForTheLock() throws Exception {
        ListSource source = ListSource.full().row("people", 1, "a");
        try (Connection other = store.connect()) {
            lock(other, "pg_advisory_lock");
            CompletableFuture<StepResult> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return step(source, 60);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaiter(waiting);
            assertThat(waiting).isNotDone();
            lock(other, "pg_advisory_unlock");
            StepResult r = waiting.get(60, TimeUnit.SECONDS);
            assertThat(r.outcome()).as(r.summary()).isEqualTo(StepOutcome.DONE);
        }
    }

    @Test
    @DisplayName("a step frees the stream lock when it ends, also on ERROR, while its connection stays open")
    void lockFreedAfterStep() throws SQLException {
        try (Connection c = store.connect(); Connection other = store.connect()) {
            StepResult ok = new StreamStep(c, store.platform, LIVE, node, n -> { })
                    .run(ListSource.full().row("people", 1, "a"), 10);
            assertThat(ok.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(tryLock(other)).as("free after DONE").isTrue();
            StepResult bad = new StreamStep(c, store.platform, LIVE, node, n -> { })
                    .run(ListSource.full().row("people", 1, "a").row("people", 1, "b"), 10);
            assertThat(bad.outcome()).isEqualTo(StepOutcome.ERROR);
            assertThat(tryLock(other)).as("free after ERROR").isTrue();
            StepResult again = new StreamStep(c, store.platform, LIVE, node, n -> { })
                    .run(ListSource.full().row("people", 1, "b"), 10);
            assertThat(again.outcome()).as("the same connection runs the next step").isEqualTo(StepOutcome.DONE);
        }
    }

    /** Polls until a backend waits for this stream's advisory lock (or the step ended early). */
    private void awaitWaiter(CompletableFuture<StepResult> step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (step.isDone()) {
                throw new AssertionError("the step did not wait: " + step.get().summary());
            }
            List<List<Object>> waiting = store.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                    + "AND classid::int = hashtext('" + store.platform + "') AND objid::int = hashtext('" + node.key() + "')");
            if (!waiting.isEmpty()) {
                return;
            }
            try {
                step.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException still) {
                // still waiting (or failed: reported on the next round)
            }
        }
        throw new AssertionError("no step waited for the stream lock within 30 s");
    }

    private boolean tryLock(Connection other) throws SQLException {
        boolean got = lock(other, "pg_try_advisory_lock");
        if (got) {
            lock(other, "pg_advisory_unlock");
        }
        return got;
    }

    private boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtext(?), hashtext(?))::text")) {
            ps.setString(1, store.platform);
            ps.setString(2, node.key());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return !"false".equals(rs.getString(1));
            }
        }
    }
}

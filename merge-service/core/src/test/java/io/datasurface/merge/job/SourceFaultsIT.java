package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.FaultProxy;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.model.Milestoning;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.Driver;

/**
 * A source that breaks mid-batch, a merge store connection that dies, staging lost behind the engine's
 * back: an ERROR (never an exception), nothing merged, and the next step ends where an uninterrupted run
 * would.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class SourceFaultsIT {
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

    /** Batch 2 of the stream: ids 1–7, chunks of 2 rows, after a committed batch 1 of ids 1 and 100. */
    private ListSource secondBatch() throws SQLException {
        store.commit(node, LIVE, ListSource.full().row("people", 1, "old").row("people", 100, "gone"));
        ListSource s = ListSource.full().chunkRows(2);
        for (int i = 1; i <= 7; i++) {
            s.row("people", i, "name " + i);
        }
        return s;
    }

    private List<List<Object>> uninterrupted() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            rows.add(Arrays.asList(i, "name " + i, 2));
        }
        return rows;
    }

    private List<List<Object>> merged() throws SQLException {
        return store.query("SELECT id, name, ds_surf_batch_id FROM " + store.table("crm_people_merge") + " ORDER BY id");
    }

    private void assertBatchOneOnly() throws SQLException {
        assertThat(merged()).as("nothing merged").containsExactly(List.of(1, "old", 1), List.of(100, "gone", 1));
    }

    /** Fails after two chunks (4 rows staged, restart point "4"); resumes there on the next step. */
    private void breaksThenResumes(Supplier<RuntimeException> error) throws SQLException {
        ListSource source = secondBatch().failAfter(5, error);
        StepResult broken = store.step(node, LIVE, source, 10);
        assertThat(broken.outcome()).isEqualTo(StepOutcome.ERROR);
        assertThat(broken.message()).as(broken.summary()).contains("broke");
        assertThat(broken.batchId()).isEqualTo(2);
        assertBatchOneOnly();
        assertThat(store.batch(node, 2, "status, restart_point, (loaded->>'people')::int"))
                .containsExactly("STARTED", "4", 4);

        source.failAfter(-1);
        StepResult done = store.step(node, LIVE, source, 10);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(source.restartPoints).as("resumed at the last checkpoint").containsExactly(null, "4");
        assertThat(List.of(done.batchId(), done.inserted(), done.updated(), done.deleted()))
                .containsExactly(2L, 6L, 1L, 1L);
        assertThat(store.batch(node, 2, "status, total")).containsExactly("COMMITTED", 7L);
        assertThat(merged()).isEqualTo(uninterrupted());
    }

    @Test
    @DisplayName("a source that loses its connection mid-read: ERROR, nothing merged, next step resumes at the checkpoint")
    void retriableSourceFaultResumes() throws SQLException {
        breaksThenResumes(() -> new DatasurfaceException("source db:5432 broke: connection reset", true));
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("a source that throws an unchecked exception mid-read (ListSource.failAfter): ERROR, then resume")
    void sourceExceptionBecomesError() throws SQLException {
        breaksThenResumes(() -> new IllegalStateException("source broke after 5 rows"));
    }

    @Test
    @DisplayName("the merge store connection killed mid-read (as by a server crash): retriable ERROR, next step resumes")
    void mergeStoreConnectionKilled() throws SQLException {
        ListSource rows = secondBatch().onRow(6, this::killCopy); // row 6 opens the third chunk's COPY
        StepResult broken = store.step(node, LIVE, rows, 10);
        assertThat(List.of(broken.outcome(), broken.retriable())).as(broken.summary())
                .containsExactly(StepOutcome.ERROR, true);
        assertBatchOneOnly();
        rows.onRow(-1, null);
        StepResult done = store.step(node, LIVE, rows, 10);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(rows.restartPoints).containsExactly(null, "4");
        assertThat(merged()).isEqualTo(uninterrupted());
    }

    @Test
    @DisplayName("the network path to the merge store cut mid-batch (a TCP proxy): retriable ERROR, next step resumes")
    void mergeStorePathCut() throws SQLException {
        ListSource rows = secondBatch();
        try (FaultProxy proxy = FaultProxy.start(server().host(), server().port())) {
            rows.onRow(6, proxy::cut); // row 6 opens the third chunk's COPY
            StepResult broken;
            try (Connection c = throughProxy(proxy)) {
                broken = new StreamStep(c, store.platform, LIVE, node, n -> { }).run(rows, 10);
            }
            assertThat(List.of(broken.outcome(), broken.retriable())).as(broken.summary())
                    .containsExactly(StepOutcome.ERROR, true);
            assertBatchOneOnly();

            proxy.heal();
            rows.onRow(-1, null);
            StepResult done;
            try (Connection c = throughProxy(proxy)) {
                done = new StreamStep(c, store.platform, LIVE, node, n -> { }).run(rows, 10);
            }
            assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
            assertThat(rows.restartPoints).as("resumed at the last checkpoint").containsExactly(null, "4");
            assertThat(store.batch(node, 2, "status, total")).containsExactly("COMMITTED", 7L);
            assertThat(merged()).isEqualTo(uninterrupted());
        }
    }

    private Connection throughProxy(FaultProxy proxy) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server().user());
        props.setProperty("password", server().password());
        return new Driver().connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                + MergeStoreFixture.DATABASE, props);
    }

    /** Terminates the backend running this test's COPY into staging. */
    private void killCopy() {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) "
                + "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE ?")) {
            ps.setString(1, "COPY " + store.table("crm_people_staging") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("backends killed").isEqualTo(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("a source that reports a permanent fault: batch FAILED with the error, next step starts it again")
    void permanentSourceFaultRestartsBatch() throws SQLException {
        ListSource source = secondBatch().failAfter(5, () -> new DatasurfaceException("source table broke", false));
        StepResult broken = store.step(node, LIVE, source, 10);
        assertThat(List.of(broken.outcome(), broken.retriable())).containsExactly(StepOutcome.ERROR, false);
        assertThat(store.batch(node, 2, "status, error")).containsExactly("FAILED", "source table broke");
        assertBatchOneOnly();

        source.failAfter(-1);
        StepResult done = store.step(node, LIVE, source, 10);
        assertThat(done.outcome()).as(done.summary()).isEqualTo(StepOutcome.DONE);
        assertThat(source.restartPoints).as("a failed batch is read again from the start").containsExactly(null, null);
        assertThat(store.batch(node, 2, "status, attempts, total")).containsExactly("COMMITTED", 2, 7L);
        assertThat(merged()).isEqualTo(uninterrupted());
    }

    @Test
    @DisplayName("staging emptied between steps (an UNLOGGED table after a crash): the batch starts again from the start")
    void lostStagingRestartsBatch() throws SQLException {
        ListSource source = secondBatch();
        assertThat(store.step(node, LIVE, source, 1).outcome()).isEqualTo(StepOutcome.KEEP_WORKING);
        assertThat(store.step(node, LIVE, source, 1).outcome()).isEqualTo(StepOutcome.KEEP_WORKING);
        store.execute("TRUNCATE " + store.table("crm_people_staging"));

        StepResult r = store.commit(node, LIVE, source);
        assertThat(source.restartPoints.subList(0, 3)).as("third read starts the batch over").containsExactly(null, "2", null);
        assertThat(List.of(r.batchId(), r.inserted(), r.updated(), r.deleted())).containsExactly(2L, 6L, 1L, 1L);
        assertThat(store.batch(node, 2, "status, attempts, total")).containsExactly("COMMITTED", 2, 7L);
        assertThat(merged()).isEqualTo(uninterrupted());
    }
}

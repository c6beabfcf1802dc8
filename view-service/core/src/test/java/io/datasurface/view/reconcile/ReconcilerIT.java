package io.datasurface.view.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.naming.SqlNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The reconciler on each PostgreSQL version: the mvp example's forensic platform over real merge tables. */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class ReconcilerIT {
    static final Path MVP = Path.of("../../docs/examples/mvp");

    @Parameter
    PostgresVersion version;
    String database;
    PipelineGraph graph;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @BeforeEach
    void setUp() throws SQLException {
        database = "views_" + getClass().getSimpleName().toLowerCase() + "_" + System.nanoTime();
        server().createDatabase(database);
        LoadResult loaded = Linter.validate(MVP);
        assertThat(loaded.hasErrors()).isFalse();
        graph = GraphBuilder.build(loaded.model(), "yellow_forensic");
        try (Connection c = server().connect(database)) {
            c.setAutoCommit(false);
            MergeTables tables = new MergeTables(new PostgresDialect(version.major()), c);
            tables.ensureSchema(graph.schema());
            for (IngestionNode stream : graph.streams()) {
                for (var dataset : stream.datasets()) {
                    tables.prepare(DatasetTables.of(graph.schema(), dataset), Milestoning.FORENSIC);
                }
            }
            c.commit();
        }
    }

    @Test
    void createsEveryViewThenFindsThemUpToDate() throws SQLException {
        ReconcileReport first = reconcile(false);
        assertThat(first.count(ViewAction.CREATED)).isEqualTo(4);
        assertThat(first.succeeded()).isTrue();
        ReconcileReport second = reconcile(false);
        assertThat(second.count(ViewAction.UNCHANGED)).as(second.outcomes().toString()).isEqualTo(4);
    }

    @Test
    void theHistoryViewShowsEveryVersionWithItsCommitTimes() throws SQLException {
        reconcile(false);
        sql("INSERT INTO yellow_forensic.batches (stream, batch_id, status, kind, datasets, started_at, committed_at, "
                + "updated_at) VALUES "
                + "('yellow_forensic/customers', 1, 'COMMITTED', 'FULL', '{}', now(), '2026-01-01 00:00+00', now()), "
                + "('yellow_forensic/customers', 2, 'COMMITTED', 'FULL', '{}', now(), '2026-02-01 00:00+00', now())");
        sql("INSERT INTO yellow_forensic.customers_customers_merge (id, first_name, last_name, created_at, "
                + "ds_surf_batch_in, ds_surf_batch_out, ds_surf_all_hash) VALUES "
                + "('c1', 'Ada', 'Byron', '2026-01-01', 1, 1, 1), ('c1', 'Ada', 'King', '2026-01-01', 2, 2147483647, 2)");
        assertThat(query("SELECT last_name FROM public.yellow_forensic_analytics_audit_customers_view"))
                .containsExactly("King");
        assertThat(query("SELECT last_name FROM public.yellow_forensic_analytics_audit_customers_view_history "
                + "WHERE ds_surf_valid_from <= '2026-01-15 00:00+00' AND '2026-01-15 00:00+00' < ds_surf_valid_to"))
                .containsExactly("Byron");
        assertThat(query("SELECT last_name FROM public.yellow_forensic_analytics_audit_customers_view_history "
                + "WHERE ds_surf_valid_from <= '2026-02-01 00:00+00' AND '2026-02-01 00:00+00' < ds_surf_valid_to"))
                .containsExactly("King");
    }

    @Test
    void readersSeeTheirViewsAndNotTheMergeTables() throws SQLException {
        ReconcileReport report = reconcile(true);
        assertThat(report.succeeded()).as(report.outcomes().toString()).isTrue();
        try (Connection c = server().connect(database); Statement s = c.createStatement()) {
            s.execute("SET ROLE yellow_forensic_analytics_reader");
            s.executeQuery("SELECT * FROM public.yellow_forensic_analytics_audit_customers_view_history").close();
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM yellow_forensic.customers_customers_merge"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    @DisplayName("the reader roles the reconciler makes carry its marker (NOLOGIN, commented)")
    void rolesItMakesAreMarked() throws SQLException {
        String ws = uniqueWorkspace();
        ReaderRole role = ReaderRole.of("yellow_forensic", ws);
        ReconcileReport report = reconcile(withWorkspace(ws), true);
        assertThat(report.succeeded()).as(report.outcomes().toString()).isTrue();
        assertThat(query("SELECT shobj_description(oid, 'pg_authid') || ' ' || rolcanlogin FROM pg_roles "
                + "WHERE rolname = '" + role.name() + "'")).containsExactly(role.marker() + " false");
        assertThat(reconcile(withWorkspace(ws), true).count(ViewAction.UNCHANGED)).isEqualTo(4);
    }

    @Test
    @DisplayName("regression: a role of the reader role's name that someone else made is never granted the views; "
            + "FAILED names it and what to do, and marking it lets the next run grant")
    void aRoleSomeoneElseMadeIsNeverGranted() throws SQLException {
        String ws = uniqueWorkspace();
        ReaderRole role = ReaderRole.of("yellow_forensic", ws);
        sql("CREATE ROLE " + role.name() + " LOGIN PASSWORD 'harvest'"); // made first, to be granted the views

        ReconcileReport report = reconcile(withWorkspace(ws), true);
        assertThat(report.succeeded()).isFalse();
        assertThat(report.outcomes()).hasSize(4).allSatisfy(o -> {
            assertThat(o.action()).isEqualTo(ViewAction.FAILED);
            assertThat(o.reason()).startsWith("role " + role.name() + " exists but DataSurface/J did not make it")
                    .contains("COMMENT ON ROLE");
        });
        assertThat(privilegesOf(role.name())).isEmpty();

        // views made before without grants, and a grant the reconciler did not make: reported, never added to
        assertThat(reconcile(withWorkspace(ws), false).succeeded()).isTrue();
        ReconcileReport again = reconcile(withWorkspace(ws), true);
        assertThat(again.outcomes()).allSatisfy(o -> assertThat(o.action()).isEqualTo(ViewAction.FAILED));
        assertThat(privilegesOf(role.name())).isEmpty();

        sql("COMMENT ON ROLE " + role.name() + " IS '" + role.marker().replace("'", "''") + "'"); // the operator's say
        ReconcileReport marked = reconcile(withWorkspace(ws), true);
        assertThat(marked.succeeded()).as(marked.outcomes().toString()).isTrue();
        assertThat(privilegesOf(role.name())).hasSize(4);
    }

    @Test
    @DisplayName("a role marked for another workspace whose name meets in the same role name is refused")
    void aRoleMarkedForAnotherWorkspaceIsRefused() throws SQLException {
        String ws = uniqueWorkspace();
        ReaderRole role = ReaderRole.of("yellow_forensic", ws);
        ReaderRole other = new ReaderRole(role.name(), "yellow", "forensic_" + ws);
        sql("CREATE ROLE " + role.name() + " NOLOGIN");
        sql("COMMENT ON ROLE " + role.name() + " IS '" + other.marker().replace("'", "''") + "'");
        ReconcileReport report = reconcile(withWorkspace(ws), true);
        assertThat(report.outcomes()).allSatisfy(o -> assertThat(o.reason()).startsWith("role " + role.name()
                + " was made for workspace forensic_" + ws + " on platform yellow"));
        assertThat(privilegesOf(role.name())).isEmpty();
    }

    /** A workspace name no other test (or run) on this server used: roles are the server's, not a database's. */
    private static String uniqueWorkspace() {
        return "w" + Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 0xffff));
    }

    /** The platform's views, as if the mvp's workspace were called {@code ws}. */
    private PlatformViews withWorkspace(String ws) {
        PlatformViews p = PlatformViews.of(graph);
        List<ExportNode> exports = p.exports().stream().map(e -> new ExportNode(
                ExportNode.keyOf(e.platform(), ws, e.dsg(), e.store(), e.dataset()), e.platform(), ws, e.dsg(), e.store(),
                e.dataset(), e.status(), e.stream(), e.mergeTable(), SqlNames.view(e.platform(), ws, e.dsg(), e.dataset()),
                e.historyView() == null ? null : SqlNames.historyView(e.platform(), ws, e.dsg(), e.dataset()),
                e.fingerprint())).toList();
        return new PlatformViews(p.platform(), p.mergeSchema(), p.forensic(), exports, p.streams());
    }

    /** Privileges a role holds on the relations of this database. */
    private List<String> privilegesOf(String role) throws SQLException {
        return query("SELECT c.relname || ' ' || g.privilege_type FROM pg_class c, aclexplode(c.relacl) g "
                + "WHERE g.grantee = (SELECT oid FROM pg_roles WHERE rolname = '" + role + "')");
    }

    private ReconcileReport reconcile(boolean grant) throws SQLException {
        return reconcile(PlatformViews.of(graph), grant);
    }

    private ReconcileReport reconcile(PlatformViews views, boolean grant) throws SQLException {
        try (Connection c = server().connect(database)) {
            return new ViewReconciler(c, "public", grant, 10).reconcile(views, o -> { });
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = server().connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server().connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

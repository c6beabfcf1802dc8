package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** The deployments table is made and upgraded by Flyway; a table made before migrations keeps its rows. */
@ExtendWith(PostgresExtension.class)
class DeploymentSchemaIT {
    /** Verbatim, the DDL with which the release before migrations made the deployments table. */
    static final List<String> BEFORE_MIGRATIONS = List.of("CREATE SCHEMA IF NOT EXISTS datasurface_model",
            "CREATE TABLE IF NOT EXISTS datasurface_model.deployments (id uuid PRIMARY KEY, "
                    + "commit text NOT NULL, source_repo text NOT NULL, source text, status text NOT NULL, execution_id uuid, "
                    + "model_version text, problems jsonb NOT NULL DEFAULT '[]', error text, requested_at timestamptz NOT NULL, "
                    + "finished_at timestamptz, UNIQUE (commit, source_repo))");

    EmbeddedPostgresServer pg;
    String database;

    @BeforeEach
    void freshDatabase(EmbeddedPostgresServer pg) {
        this.pg = pg;
        database = "deployments_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(database);
    }

    private DeploymentLog log() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl(database));
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        return new DeploymentLog(ds);
    }

    @Test
    @DisplayName("a new database: the schema and table are made by the migrations")
    void newDatabaseIsMigrated() throws SQLException {
        DeploymentLog log = log();
        log.open();
        assertThat(history()).containsExactly(Arrays.asList(null, "<< Flyway Schema Creation >>", true),
                List.of("1", "deployments", true));
        String id = log.begin("c1", "org/model", "https://git.example/org/model.git").orElseThrow();
        log.finish(id, DeploymentStatus.DEPLOYED, null, "v1", List.of(), null);
        assertThat(log.byCommit("c1", "org/model")).get().extracting(DeploymentRecord::status)
                .isEqualTo(DeploymentStatus.DEPLOYED);
    }

    @Test
    @DisplayName("regression: a deployments table made before migrations keeps its rows; one left running is interrupted")
    void tableMadeBeforeMigrationsIsAdopted() throws SQLException {
        for (String ddl : BEFORE_MIGRATIONS) {
            execute(ddl);
        }
        execute("INSERT INTO datasurface_model.deployments (id, commit, source_repo, source, status, model_version, "
                + "requested_at, finished_at) VALUES ('" + UUID.randomUUID() + "', 'c1', 'org/model', 'src', 'DEPLOYED', "
                + "'v1', '2026-01-01 10:00+00', '2026-01-01 10:01+00'), ('" + UUID.randomUUID() + "', 'c2', 'org/model', "
                + "'src', 'RUNNING', NULL, '2026-01-02 10:00+00', NULL)");
        List<List<Object>> before = query("SELECT id, commit, model_version, requested_at FROM datasurface_model.deployments "
                + "ORDER BY commit");

        DeploymentLog log = log();
        log.open();

        assertThat(query("SELECT id, commit, model_version, requested_at FROM datasurface_model.deployments ORDER BY commit"))
                .isEqualTo(before);
        assertThat(log.byCommit("c1", "org/model")).get().extracting(DeploymentRecord::status)
                .isEqualTo(DeploymentStatus.DEPLOYED);
        assertThat(log.byCommit("c2", "org/model")).get().extracting(DeploymentRecord::status)
                .isEqualTo(DeploymentStatus.INTERRUPTED);
        assertThat(history()).containsExactly(List.of("0", "adopted: made before its migrations", true),
                List.of("1", "deployments", true));
    }

    @Test
    @DisplayName("V1 makes exactly the table of the release before migrations (columns, types, defaults, keys)")
    void v1IsTheDdlOfTheReleaseBeforeMigrations() throws SQLException {
        log().open();
        List<List<Object>> migrated = describe("datasurface_model");
        execute("CREATE SCHEMA before_migrations");
        execute(BEFORE_MIGRATIONS.get(1).replace("datasurface_model.", "before_migrations."));
        assertThat(migrated).isNotEmpty().isEqualTo(describe("before_migrations"));
    }

    @Test
    @DisplayName("two model-service instances starting on a new database at once: both open it, V1 runs once")
    void concurrentFirstUse() throws Exception {
        int n = 4;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    log().open();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(history()).containsExactly(Arrays.asList(null, "<< Flyway Schema Creation >>", true),
                List.of("1", "deployments", true));
    }

    private List<List<Object>> history() throws SQLException {
        return query("SELECT version, description, success FROM datasurface_model.flyway_schema_history "
                + "ORDER BY installed_rank");
    }

    /** The deployments table of a schema as the catalog describes it: columns, then constraints. */
    private List<List<Object>> describe(String schema) throws SQLException {
        String rel = "'" + schema + ".deployments'::regclass";
        List<List<Object>> out = new ArrayList<>(query("SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                + "a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d "
                + "ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " + rel
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"));
        out.addAll(query("SELECT conname, contype::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                + rel + " ORDER BY conname"));
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}

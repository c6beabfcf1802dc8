package io.datasurface.executions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datasurface executions} driven as a user would, in-process, against a real PostgreSQL: one
 * fresh database per test.
 */
@ExtendWith(PostgresExtension.class)
class ExecutionsCliIT {
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";
    /** With '/' and '@', which the URL forms must survive. */
    private static final String PASSWORD = "S3cr3t/Pa@ss-w0rd";

    EmbeddedPostgresServer pg;
    String database;
    String url;

    @TempDir
    Path models;

    @BeforeEach
    void freshDatabase() {
        database = "executions_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(database);
        url = pg.jdbcUrl(database);
    }

    private CliRun run(String... args) {
        return CliRun.of(Stream.concat(Stream.of(url), Stream.of(args)).toArray(String[]::new));
    }

    private void write(String file, String content) throws IOException {
        Path p = models.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    @DisplayName("several executions: compare-step-models lists models added or changed, never deleted ones")
    void severalExecutions() throws Exception {
        write("load/customers.sql", "select * from customers");
        write("load/orders.sql", "select * from orders");
        write("load/json/products.json", "{\"v\": 1}");
        write("load/notes.txt", "not a model");
        write("transform/daily/revenue.sql", "select sum(x)");
        String load = models.resolve("load").toString();
        String transform = models.resolve("transform").toString();

        // 1: nothing before it, so every model is new
        assertThat(run("get-last-successful-execution").line()).isEmpty();
        String e1 = run("init-execution").line();
        assertThat(e1).matches(GUID);
        String l1 = run("init-step", e1, "LOAD", load, "*.sql", "**/*.json").line();
        assertThat(l1).matches(GUID).isNotEqualTo(e1);
        assertThat(run("compare-step-models", l1, "").line()).isEqualTo("customers,orders,products");
        assertThat(run("compare-step-models", l1).line()).isEqualTo("customers,orders,products");
        String t1 = run("init-step", e1, "TRANSFORM", transform, "./daily/**/*.sql").line();
        assertThat(run("compare-step-models", t1, "").line()).isEqualTo("revenue");
        assertThat(run("complete-step", l1, "1200").out()).isEmpty();
        assertThat(run("complete-step", t1).out()).isEmpty();
        assertThat(run("complete-execution", e1).out()).isEmpty();
        assertThat(run("get-last-successful-execution").line()).isEqualTo(e1);

        // 2: orders changed, a model added, customers deleted
        write("load/orders.sql", "select id, total from orders");
        write("load/json/deeper/returns.json", "{}");
        Files.delete(models.resolve("load/customers.sql"));
        String previous = run("get-last-successful-execution").line();
        String e2 = run("init-execution").line();
        String l2 = run("init-step", e2, "LOAD", load, "*.sql", "**/*.json").line();
        assertThat(run("compare-step-models", l2, previous).line()).isEqualTo("orders,returns");
        String t2 = run("init-step", e2, "TRANSFORM", transform, "**/*.sql").line();
        assertThat(run("compare-step-models", t2, previous).line()).isEmpty();
        run("complete-step", l2, "7");
        run("complete-step", t2, "0");
        run("complete-execution", e2);
        assertThat(run("get-last-successful-execution").line()).isEqualTo(e2);

        // 3: nothing changed; a file moved with the same content is the same model; a new step has all models
        Files.createDirectories(models.resolve("load/moved"));
        Files.move(models.resolve("load/orders.sql"), models.resolve("load/moved/orders.sql"));
        String e3 = run("init-execution").line();
        String l3 = run("init-step", e3, "LOAD", load, "**/*.sql", "**/*.json").line();
        assertThat(run("compare-step-models", l3, e2).line()).isEmpty();
        String v3 = run("init-step", e3, "VALIDATE", load, "**/*.json").line();
        assertThat(run("compare-step-models", v3, e2).line()).isEqualTo("products,returns");
        CliRun completeE3 = run("complete-execution", e3);
        assertThat(completeE3.exitCode()).isZero();
        assertThat(completeE3.out()).isEmpty();
        assertThat(completeE3.err()).as("a warning, not an error").startsWith("WARNING ")
                .contains("execution " + e3 + " completed while these steps were not: LOAD, VALIDATE");

        // 4: the deleted model comes back: it is new compared with the last execution, which lacked it
        write("load/customers.sql", "select * from customers");
        String e4 = run("init-execution").line();
        String l4 = run("init-step", e4, "LOAD", load, "**/*.sql", "**/*.json").line();
        assertThat(run("compare-step-models", l4, run("get-last-successful-execution").line()).line())
                .isEqualTo("customers");
        assertThat(run("compare-step-models", l4, e1).line()).as("against the first execution").isEqualTo("orders,returns");

        // the record: completion timestamps in order, rows processed, checksums per step
        String ts1 = run("get-execution-completion-timestamp", e1).line();
        String ts2 = run("get-execution-completion-timestamp", e2).line();
        assertThat(ts1).matches(TIMESTAMP);
        assertThat(OffsetDateTime.parse(ts1)).isBefore(OffsetDateTime.parse(ts2));
        assertThat(query("SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') "
                + "FROM datasurface_executions.execution WHERE execution_id = '" + e1 + "'"))
                .containsExactly(List.of(ts1));
        assertThat(query("SELECT step_name, rows_processed FROM datasurface_executions.execution_step "
                + "WHERE execution_id = '" + e2 + "' ORDER BY step_name"))
                .containsExactly(List.of("LOAD", 7L), List.of("TRANSFORM", 0L));
        assertThat(query("SELECT model_name, source_path FROM datasurface_executions.model_checksum "
                + "WHERE step_id = '" + l3 + "' ORDER BY model_name"))
                .containsExactly(List.of("orders", "moved/orders.sql"), List.of("products", "json/products.json"),
                        List.of("returns", "json/deeper/returns.json"));
    }

    @Test
    @DisplayName("get-last-successful-execution ignores executions that have not completed")
    void lastSuccessfulIgnoresIncomplete() {
        String e1 = run("init-execution").line();
        run("complete-execution", e1);
        String e2 = run("init-execution").line();
        String step = run("init-step", e2, "LOAD", models.toString(), "*.sql").line();
        run("complete-step", step, "9223372036854775807");
        assertThat(run("get-last-successful-execution").line()).isEqualTo(e1);
        assertThat(run("get-execution-completion-timestamp", e2).error()).contains("execution " + e2
                + " has not completed");
        run("complete-execution", e2);
        assertThat(run("get-last-successful-execution").line()).isEqualTo(e2);
    }

    @Test
    @DisplayName("postgresql+psycopg2://user:password@host:port/db works and the password never shows, even at DEBUG")
    void psycopg2UrlAndPasswords() throws Exception {
        String user = "etl_" + database;
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("GRANT CREATE ON DATABASE " + database + " TO " + user);
        }
        write("a.sql", "a");
        String python = "postgresql+psycopg2://" + user + ":" + PASSWORD + "@127.0.0.1:" + pg.port() + "/" + database;
        String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database + "?user=" + user + "&password="
                + PASSWORD;
        List<CliRun> runs = new ArrayList<>();
        for (String dbUrl : List.of(python, jdbc)) {
            String e = record(runs, CliRun.of("--log-level", "DEBUG", dbUrl, "init-execution")).out().strip();
            assertThat(e).matches(GUID);
            String step = record(runs, CliRun.of("-l", "DEBUG", dbUrl, "init-step", e, "LOAD", models.toString(),
                    "*.sql")).out().strip();
            assertThat(record(runs, CliRun.of("-l", "DEBUG", dbUrl, "compare-step-models", step, "")).out())
                    .isEqualTo("a" + System.lineSeparator());
            record(runs, CliRun.of("-l", "DEBUG", dbUrl, "complete-execution", e));
            record(runs, CliRun.of("-l", "DEBUG", dbUrl, "complete-execution", e)); // an error: already complete
            record(runs, CliRun.of("-l", "DEBUG", dbUrl, "frob")); // an argument error
            record(runs, CliRun.of("-l", "DEBUG", dbUrl, "migrate"));
        }
        assertThat(query("SELECT schema_owner FROM information_schema.schemata "
                + "WHERE schema_name = 'datasurface_executions'")).containsExactly(List.of(user));
        assertThat(runs).allSatisfy(r -> assertThat(r.out() + r.err()).doesNotContain(PASSWORD));
        assertThat(runs.get(0).err()).as("DEBUG logs the driver and Flyway").contains("DEBUG org.flywaydb");
        assertThat(runs.get(4).err()).contains("error: execution ", " is already complete");
    }

    private static CliRun record(List<CliRun> runs, CliRun run) {
        runs.add(run);
        return run;
    }

    @Test
    @DisplayName("at the default level standard error is empty on success; at INFO it has the log, standard output only the result")
    void standardOutputCarriesOnlyTheResult() {
        CliRun quiet = run("init-execution");
        assertThat(quiet.line()).matches(GUID);
        CliRun info = CliRun.of("--log-level", "INFO", url, "init-execution");
        assertThat(info.exitCode()).isZero();
        assertThat(info.out()).matches(GUID + "\\R");
        assertThat(info.err()).contains("INFO io.datasurface.executions.ExecutionStore: execution ");
    }

    @Test
    @DisplayName("migrate creates the tables and Flyway's history in their own schema; again is a no-op")
    void migrate() throws Exception {
        CliRun first = CliRun.of("--log-level", "INFO", url, "migrate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("now at version 1");
        assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                + "'datasurface_executions' ORDER BY table_name")).containsExactly(List.of("execution"),
                List.of("execution_step"), List.of("flyway_schema_history"), List.of("model_checksum"));
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                .containsExactly(List.of(0L));
        CliRun again = run("migrate");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out() + again.err()).isEmpty();
        assertThat(query("SELECT version, success FROM datasurface_executions.flyway_schema_history "
                + "WHERE version IS NOT NULL")).containsExactly(List.of("1", true));
    }

    @Test
    @DisplayName("unknown ids, misused ids and repeated completions are one error line each")
    void unknownAndMisusedIds() {
        String unknown = UUID.randomUUID().toString();
        assertThat(run("get-execution-completion-timestamp", unknown).error())
                .contains("execution " + unknown + " is unknown");
        assertThat(run("complete-execution", unknown).error()).contains("execution " + unknown + " is unknown");
        assertThat(run("init-step", unknown, "LOAD", models.toString(), "*.sql").error())
                .contains("execution " + unknown + " is unknown");
        assertThat(run("complete-step", unknown).error()).contains("step " + unknown + " is unknown");
        assertThat(run("compare-step-models", unknown, "").error()).contains("step " + unknown + " is unknown");

        String e = run("init-execution").line();
        assertThat(run("compare-step-models", e, "").error()).contains("it is an execution id; use a step id");
        String step = run("init-step", e, "LOAD", models.toString(), "*.sql").line();
        assertThat(run("compare-step-models", step, unknown).error()).contains("execution " + unknown + " is unknown");
        assertThat(run("init-step", e, "LOAD", models.toString(), "*.sql").error())
                .contains("already has a step named 'LOAD' (step " + step + ")");
        run("complete-step", step, "5");
        assertThat(run("complete-step", step, "6").error()).contains("step " + step + " (LOAD) is already complete");
        run("complete-execution", e);
        assertThat(run("complete-execution", e).error()).contains("execution " + e + " is already complete");
        assertThat(run("init-step", e, "TRANSFORM", models.toString(), "*.sql").error())
                .contains("is already complete", "start a new execution");
        assertThat(run("get-execution-completion-timestamp", e.toUpperCase()).line()).matches(TIMESTAMP);
    }

    @Test
    @DisplayName("model name clashes, bad patterns, bad base paths and unknown commands are one error line each")
    void badArguments() throws IOException {
        write("sql/customers.sql", "a");
        write("json/customers.json", "b");
        String e = run("init-execution").line();
        assertThat(run("init-step", e, "LOAD", models.toString(), "**/*.sql", "**/*.json").error())
                .contains("'json/customers.json'", "'sql/customers.sql'", "model name 'customers'");
        assertThat(run("init-step", e, "LOAD", models.toString(), "**.sql").error()).contains("is malformed");
        assertThat(run("init-step", e, "LOAD", models.resolve("nope").toString(), "*.sql").error())
                .contains("is not a folder");
        assertThat(run("persist-models", e).error()).contains("unknown command 'persist-models'");
        assertThat(run("init-step", e, "LOAD", models.toString(), "*.yaml").line())
                .as("a pattern matching nothing is fine").matches(GUID);
    }

    @Test
    @DisplayName("an unreachable database is one error line naming host, port and reason, never the password")
    void unreachableDatabase() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String dbUrl : List.of("postgresql+psycopg2://etl:" + PASSWORD + "@127.0.0.1:" + port + "/pipeline",
                "jdbc:postgresql://127.0.0.1:" + port + "/pipeline?user=etl&password=" + PASSWORD)) {
            for (String level : List.of("WARNING", "DEBUG")) {
                CliRun run = CliRun.of("-l", level, dbUrl, "init-execution");
                assertThat(run.exitCode()).isEqualTo(1);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).doesNotContain(PASSWORD);
                String last = run.err().lines().reduce((a, b) -> b).orElseThrow();
                assertThat(last).startsWith("error: cannot connect to the executions database at ")
                        .contains("127.0.0.1:" + port, "refused");
                if (level.equals("WARNING")) {
                    assertThat(run.error()).isEqualTo(last);
                }
            }
        }
    }
}

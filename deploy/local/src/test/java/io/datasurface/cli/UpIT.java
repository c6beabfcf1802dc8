package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datasurface up} as a user runs it: the packaged command, the four services as processes, the
 * example model deployed through the model-service. Afterwards the test opens the data directory's
 * PostgreSQL itself and compares the example's views with its source.
 */
class UpIT {
    static final Path HOME = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void upRunsTheExampleAndItsViewsShowTheSource() throws Exception {
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("up.log");
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("deploy/local/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--no-simulator", "--run-for", "30")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = up.waitFor(240, TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            up.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).contains("Deployed as model-", "Merge store:  postgresql://", "Source (CRM): postgresql://",
                "yellow_live_analytics_live_customers_view", "Stopped.");
        assertThat(output).as("rows reached the live views while it ran")
                .contains("yellow_live/analytics/live/customers 100");

        // the data directory's server, opened again: every view shows the source as it is
        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .dataDirectory(data.resolve("postgres")).port(port).start()) {
            List<List<Object>> customers = query(pg, "crm", "SELECT * FROM customers ORDER BY id");
            List<List<Object>> addresses = query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
            assertThat(customers).hasSize(100);
            assertThat(query(pg, "datasurface", "SELECT * FROM yellow_live_analytics_live_customers_view ORDER BY id"))
                    .isEqualTo(customers);
            assertThat(query(pg, "datasurface", "SELECT * FROM yellow_forensic_analytics_audit_addresses_view ORDER BY id"))
                    .isEqualTo(addresses);
            assertThat(query(pg, "datasurface", "SELECT count(*), count(DISTINCT id) FROM "
                    + "yellow_forensic_analytics_audit_customers_view_history")).containsExactly(List.of(100L, 100L));
        }
    }

    @Test
    void afterTheSourceChangedTheViewsShowItsFinalStateAndTheHistoryEveryVersion() throws Exception {
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("up.log");
        // changes for 20 s, then the source rests; the streams' cron (every minute) takes its final state
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("deploy/local/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--changes-per-second", "5", "--simulate-for", "20",
                "--run-for", "105").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = up.waitFor(300, TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            up.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).contains("The change simulator stopped");

        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .dataDirectory(data.resolve("postgres")).port(port).start()) {
            List<List<Object>> customers = query(pg, "crm", "SELECT * FROM customers ORDER BY id");
            List<List<Object>> addresses = query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
            assertThat(customers.size()).as("the simulator changed the source").isNotEqualTo(100);
            for (String platform : List.of("yellow_live_analytics_live", "yellow_forensic_analytics_audit")) {
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_customers_view ORDER BY id"))
                        .as(platform + " customers").isEqualTo(customers);
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_addresses_view ORDER BY id"))
                        .as(platform + " addresses").isEqualTo(addresses);
            }
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'COMMITTED'")
                    .get(0).get(0)).as("batches").satisfies(n -> assertThat((Long) n).isGreaterThanOrEqualTo(2L));
            // history: a key's versions follow each other without overlap, and only the source's keys have a live one
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history a "
                    + "JOIN yellow_forensic_analytics_audit_customers_view_history b ON a.id = b.id "
                    + "AND a.ds_surf_batch_in < b.ds_surf_batch_in AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                    .containsExactly(List.of(0L));
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history "
                    + "WHERE ds_surf_valid_to = 'infinity'")).containsExactly(List.of((long) customers.size()));
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history "
                    + "WHERE ds_surf_valid_to <> 'infinity'").get(0).get(0)).as("closed versions")
                    .satisfies(n -> assertThat((Long) n).isPositive());
        }
    }

    @Test
    void withCdcEachChangeReachesTheViewsWithinSecondsWithoutWaitingForACron() throws Exception {
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("up.log");
        // changes for 20 s, then 30 s more at most: far less than the snapshot's minute, so only CDC can keep up
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("deploy/local/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--capture", "cdc", "--changes-per-second", "5",
                "--simulate-for", "20", "--run-for", "50").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = up.waitFor(240, TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            up.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).contains("The change simulator stopped");

        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .dataDirectory(data.resolve("postgres")).port(port).start()) {
            List<List<Object>> customers = query(pg, "crm", "SELECT * FROM customers ORDER BY id");
            List<List<Object>> addresses = query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
            assertThat(customers.size()).as("the simulator changed the source").isNotEqualTo(100);
            for (String platform : List.of("yellow_live_analytics_live", "yellow_forensic_analytics_audit")) {
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_customers_view ORDER BY id"))
                        .as(platform + " customers").isEqualTo(customers);
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_addresses_view ORDER BY id"))
                        .as(platform + " addresses").isEqualTo(addresses);
            }
            for (String platform : List.of("yellow_live", "yellow_forensic")) {
                assertThat(query(pg, "datasurface", "SELECT kind, count(*) FROM " + platform + ".batches"
                        + " WHERE status = 'COMMITTED' GROUP BY kind ORDER BY kind")).as(platform + " batches")
                        .satisfies(rows -> {
                            assertThat(rows).extracting(r -> r.get(0)).containsExactly("DELTA", "FULL");
                            assertThat((Long) rows.get(0).get(1)).as("change batches").isGreaterThanOrEqualTo(10L);
                            assertThat((Long) rows.get(1).get(1)).as("one initial snapshot").isEqualTo(1L);
                        });
            }
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history a "
                    + "JOIN yellow_forensic_analytics_audit_customers_view_history b ON a.id = b.id "
                    + "AND a.ds_surf_batch_in < b.ds_surf_batch_in AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                    .containsExactly(List.of(0L));
            assertThat(query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history "
                    + "WHERE ds_surf_valid_to = 'infinity'")).containsExactly(List.of((long) customers.size()));
            assertThat(query(pg, "crm", "SELECT count(*) FROM pg_replication_slots")).as("one slot per stream")
                    .containsExactly(List.of(2L));
        }
    }

    private static List<List<Object>> query(EmbeddedPostgresServer pg, String db, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void upRunsTheExampleAndItsViewsShowTheSource() throws Exception {
        Path data = tmp.resolve("data");
        String output = up(Duration.ofSeconds(240), "--data-dir", data.toString(), "--no-simulator", "--run-for", "30");
        assertThat(output).contains("Deployed as model-", "Merge store:  postgresql://", "Source (CRM): postgresql://",
                "yellow_live_analytics_live_customers_view", "Stopped.");
        assertThat(output).as("rows reached the live views while it ran")
                .contains("yellow_live/analytics/live/customers 100");

        // the data directory's server, opened again: every view shows the source as it is
        try (EmbeddedPostgresServer pg = reopen(data)) {
            List<List<Object>> customers = Rows.query(pg, "crm", "SELECT * FROM customers ORDER BY id");
            List<List<Object>> addresses = Rows.query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
            assertThat(customers).hasSize(100);
            assertThat(Rows.query(pg, "datasurface", "SELECT * FROM yellow_live_analytics_live_customers_view ORDER BY id"))
                    .isEqualTo(customers);
            assertThat(Rows.query(pg, "datasurface", "SELECT * FROM yellow_forensic_analytics_audit_addresses_view ORDER BY id"))
                    .isEqualTo(addresses);
            assertThat(Rows.query(pg, "datasurface", "SELECT count(*), count(DISTINCT id) FROM "
                    + "yellow_forensic_analytics_audit_customers_view_history")).containsExactly(List.of(100L, 100L));
        }
    }

    @Test
    void afterTheSourceChangedTheViewsShowItsFinalStateAndTheHistoryEveryVersion() throws Exception {
        Path data = tmp.resolve("data");
        // changes for 20 s, then the source rests; the streams' cron (every minute) takes its final state
        String output = up(Duration.ofSeconds(300), "--data-dir", data.toString(), "--changes-per-second", "5",
                "--simulate-for", "20", "--run-for", "105");
        assertThat(output).contains("The change simulator stopped");

        try (EmbeddedPostgresServer pg = reopen(data)) {
            assertViewsEqualTheChangedSourceAndHistoryIsUnbroken(pg);
            assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'COMMITTED'")
                    .get(0).get(0)).as("batches").satisfies(n -> assertThat((Long) n).isGreaterThanOrEqualTo(2L));
            for (String platform : List.of("yellow_live", "yellow_forensic")) {
                // the snapshots after the first carried only what changed (the ingest-service reads the merge store)
                assertThat(Rows.query(pg, "datasurface", "SELECT kind FROM " + platform + ".batches WHERE status = "
                        + "'COMMITTED' ORDER BY batch_id")).as(platform + " batches").first()
                        .isEqualTo(List.of("FULL"));
                assertThat(Rows.query(pg, "datasurface", "SELECT kind FROM " + platform + ".batches WHERE status = "
                        + "'COMMITTED' AND batch_id > 1")).as(platform + " batches after the first").isNotEmpty()
                        .allSatisfy(r -> assertThat(r).isEqualTo(List.of("DELTA")));
            }
            assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history "
                    + "WHERE ds_surf_valid_to <> 'infinity'").get(0).get(0)).as("closed versions")
                    .satisfies(n -> assertThat((Long) n).isPositive());
        }
    }

    @Test
    void withCdcEachChangeReachesTheViewsWithinSecondsWithoutWaitingForACron() throws Exception {
        Path data = tmp.resolve("data");
        // changes for 20 s, then 30 s more at most: far less than the snapshot's minute, so only CDC can keep up
        String output = up(Duration.ofSeconds(240), "--data-dir", data.toString(), "--capture", "cdc",
                "--changes-per-second", "5", "--simulate-for", "20", "--run-for", "50");
        assertThat(output).contains("The change simulator stopped");

        try (EmbeddedPostgresServer pg = reopen(data)) {
            assertViewsEqualTheChangedSourceAndHistoryIsUnbroken(pg);
            for (String platform : List.of("yellow_live", "yellow_forensic")) {
                assertThat(Rows.query(pg, "datasurface", "SELECT kind, count(*) FROM " + platform + ".batches"
                        + " WHERE status = 'COMMITTED' GROUP BY kind ORDER BY kind")).as(platform + " batches")
                        .satisfies(rows -> {
                            assertThat(rows).extracting(r -> r.get(0)).containsExactly("DELTA", "FULL");
                            assertThat((Long) rows.get(0).get(1)).as("change batches").isGreaterThanOrEqualTo(10L);
                            assertThat((Long) rows.get(1).get(1)).as("one initial snapshot").isEqualTo(1L);
                        });
            }
            assertThat(Rows.query(pg, "crm", "SELECT count(*) FROM pg_replication_slots")).as("one slot per stream")
                    .containsExactly(List.of(2L));
        }
    }

    /** Runs the packaged {@code datasurface up} with these arguments until it ends by itself; its output. */
    private String up(Duration atMost, String... args) throws Exception {
        Path log = tmp.resolve("up.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("cli/target/datasurface.jar")
                .toString(), "up"));
        command.addAll(List.of(args));
        Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = up.waitFor(atMost.toSeconds(), TimeUnit.SECONDS);
        String output = Files.readString(log);
        if (!ended) {
            up.destroyForcibly();
        }
        int data = command.indexOf("--data-dir") + 1;
        String logs = data == 0 ? "" : ServiceLogs.lastProblems(Path.of(command.get(data)).resolve("logs"));
        assertThat(ended).as("%s%n%s", output, logs).isTrue();
        assertThat(up.exitValue()).as("%s%n%s", output, logs).isZero();
        return output;
    }

    /** The data directory's PostgreSQL, started again on its port. */
    private static EmbeddedPostgresServer reopen(Path data) throws Exception {
        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        return EmbeddedPostgresServer.builder().version(PostgresVersion.V17).dataDirectory(data.resolve("postgres"))
                .port(port).start();
    }

    /**
     * Both platforms' views equal the source, which the simulator changed; in the forensic history a key's versions
     * follow each other without overlap, and only the source's keys have a live one.
     */
    private static void assertViewsEqualTheChangedSourceAndHistoryIsUnbroken(EmbeddedPostgresServer pg)
            throws Exception {
        List<List<Object>> customers = Rows.query(pg, "crm", "SELECT * FROM customers ORDER BY id");
        List<List<Object>> addresses = Rows.query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
        assertThat(customers.size()).as("the simulator changed the source").isNotEqualTo(100);
        for (String platform : List.of("yellow_live_analytics_live", "yellow_forensic_analytics_audit")) {
            assertThat(Rows.query(pg, "datasurface", "SELECT * FROM " + platform + "_customers_view ORDER BY id"))
                    .as(platform + " customers").isEqualTo(customers);
            assertThat(Rows.query(pg, "datasurface", "SELECT * FROM " + platform + "_addresses_view ORDER BY id"))
                    .as(platform + " addresses").isEqualTo(addresses);
        }
        assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history a "
                + "JOIN yellow_forensic_analytics_audit_customers_view_history b ON a.id = b.id "
                + "AND a.ds_surf_batch_in < b.ds_surf_batch_in AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                .containsExactly(List.of(0L));
        assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history "
                + "WHERE ds_surf_valid_to = 'infinity'")).containsExactly(List.of((long) customers.size()));
    }
}

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the ingest-service and the merge-service processes at random moments, while the source
 * changes and the streams run a batch a second. {@code up} starts a killed service again. Once the
 * source rests, every view must equal the source, and the forensic history must be one unbroken line
 * of versions per key: nothing lost, nothing twice.
 */
class ServiceCrashIT {
    static final Path HOME = Path.of("../..").toAbsolutePath().normalize();
    static final Pattern PID = Pattern.compile("  (ingest-service|merge-service): http://127\\.0\\.0\\.1:\\d+ \\(pid (\\d+)\\)");


    @Test
    void killedServicesLoseNothingAndDuplicateNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // under target/, so that the services' logs stay for a look after a failure
        Path run = Path.of("target/service-crash").toAbsolutePath();
        deleteTree(run);
        Path data = run.resolve("data");
        Files.createDirectories(run);
        Path log = run.resolve("up.log");
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("deploy/local/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--changes-per-second", "5", "--simulate-for", "75",
                "--trigger-every", "1", "--run-for", "130").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int kills = 0;
        try {
            awaitOutput(log, "Stop with Ctrl-C.", Duration.ofSeconds(180));
            Instant killUntil = Instant.now().plusSeconds(65);
            String victim = "ingest-service";
            while (Instant.now().isBefore(killUntil)) {
                Thread.sleep(6_000 + random.nextInt(8_000)); // a random moment, not a wait for a result
                long pid = latestPid(Files.readString(log), victim);
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    kills++;
                }
                victim = victim.equals("ingest-service") ? "merge-service" : "ingest-service";
            }
            assertThat(kills).as("seed %d", seed).isGreaterThanOrEqualTo(4);
            assertThat(up.waitFor(240, TimeUnit.SECONDS)).as("seed %d: up ended", seed).isTrue();
        } finally {
            up.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(up.exitValue()).as("seed %d: %s", seed, output).isZero();

        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .dataDirectory(data.resolve("postgres")).port(port).start()) {
            List<List<Object>> customers = query(pg, "crm", "SELECT * FROM customers ORDER BY id");
            List<List<Object>> addresses = query(pg, "crm", "SELECT * FROM addresses ORDER BY id");
            for (String platform : List.of("yellow_live_analytics_live", "yellow_forensic_analytics_audit")) {
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_customers_view ORDER BY id"))
                        .as("seed %d: %s customers", seed, platform).isEqualTo(customers);
                assertThat(query(pg, "datasurface", "SELECT * FROM " + platform + "_addresses_view ORDER BY id"))
                        .as("seed %d: %s addresses", seed, platform).isEqualTo(addresses);
            }
            long batches = (Long) query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic.batches "
                    + "WHERE status = 'COMMITTED'").get(0).get(0);
            assertThat(batches).as("seed %d: batches committed", seed).isGreaterThanOrEqualTo(20);
            System.out.printf("ServiceCrashIT seed %d: %d kills, %d forensic batches committed, %d restarts logged%n",
                    seed, kills, batches, output.split("starting it again", -1).length - 1);
            for (String dataset : List.of("customers", "addresses")) {
                String history = "yellow_forensic_analytics_audit_" + dataset + "_view_history";
                assertThat(query(pg, "datasurface", "SELECT count(*) FROM " + history + " a JOIN " + history
                        + " b ON a.id = b.id AND a.ds_surf_batch_in < b.ds_surf_batch_in "
                        + "AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                        .as("seed %d: overlapping versions of %s", seed, dataset).containsExactly(List.of(0L));
                assertThat(query(pg, "datasurface", "SELECT count(*) FROM " + history
                        + " WHERE ds_surf_valid_from IS NULL OR ds_surf_valid_from >= ds_surf_valid_to"))
                        .as("seed %d: versions without a commit time of %s", seed, dataset).containsExactly(List.of(0L));
            }
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long latestPid(String output, String service) {
        Matcher m = PID.matcher(output);
        long pid = -1;
        while (m.find()) {
            if (m.group(1).equals(service)) {
                pid = Long.parseLong(m.group(2));
            }
        }
        return pid;
    }

    private static void awaitOutput(Path log, String text, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!Files.readString(log).contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + text + "' within " + atMost + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
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

package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-job processes killed with SIGKILL at random moments, then run again until DONE, leave the merge
 * tables exactly as an uninterrupted run does — over several batches with changes in between, on a
 * live-only and a forensic platform.
 */
@ExtendWith(PostgresExtension.class)
class KillNineIT {
    private static final int ROUNDS = 3;
    private static final String[] PLATFORMS = {"yellow_live", "yellow_forensic"};

    @TempDir
    Path tmp;

    @Test
    @DisplayName("kill -9 at any moment, then run again until DONE: merge tables equal an uninterrupted run")
    void killedRunsEqualAnUninterruptedRun(EmbeddedPostgresServer pg) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        MvpStore mvp = new MvpStore(pg, tmp);
        String referenceDb = mvp.mergeDb + "_ref";
        pg.createDatabase(referenceDb);
        String referenceUrl = "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/"
                + referenceDb;
        mvp.source("""
                INSERT INTO customers SELECT 'c' || i, 'First' || i, 'Last' || i,
                    CASE WHEN i % 3 = 0 THEN NULL ELSE 'p' || i || '@example.com' END, NULL,
                    DATE '1950-01-01' + (i % 20000), TIMESTAMP '2026-01-01' + i * INTERVAL '1 second'
                  FROM generate_series(1, 10000) i;
                INSERT INTO addresses SELECT 'a' || i, 'c' || i, CASE WHEN i % 2 = 0 THEN 'billing' ELSE 'shipping' END,
                    i || ' Main Street', 'Springfield', 'IL', '627' || (i % 100)
                  FROM generate_series(1, 10000) i;
                """);
        int kills = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            for (String platform : PLATFORMS) {
                kills += runUntilCommitted(mvp, platform, round,
                        mvp.runJob(platform, "--chunk-rows", "2000", "--max-chunks", "2"), random, seed);
                CliRun reference = CliRun.of(mvp.runJob(platform, "--merge-db", referenceUrl));
                assertThat(reference.exitCode()).as(reference.out()).isZero();
            }
            mvp.source("UPDATE customers SET email = 'r" + round + "-' || id WHERE right(id, 1) = '" + round + "';"
                    + "DELETE FROM addresses WHERE right(id, 2) = '" + round + "7';"
                    + "INSERT INTO customers SELECT 'n" + round + "-' || i, 'New', 'Customer', NULL, NULL, NULL, "
                    + "TIMESTAMP '2026-06-01' FROM generate_series(1, 500) i;");
        }
        System.out.println("KillNineIT: " + kills + " run-job processes killed (seed " + seed + ")");
        assertThat(kills).as("processes killed (seed " + seed + ")").isGreaterThan(0);
        for (String platform : PLATFORMS) {
            for (String table : List.of("customers_customers_merge", "customers_addresses_merge")) {
                String order = platform.equals("yellow_forensic") ? "id, ds_surf_batch_in" : "id";
                String sql = "SELECT * FROM " + platform + "." + table + " ORDER BY " + order;
                List<List<Object>> killed = mvp.query(mvp.mergeDb, sql);
                assertThat(killed).as(platform + "." + table + " (seed " + seed + ")")
                        .isNotEmpty()
                        .isEqualTo(mvp.query(referenceDb, sql));
            }
            assertThat(mvp.query(mvp.mergeDb, "SELECT max(batch_id), bool_and(status = 'COMMITTED') FROM "
                    + platform + ".batches")).containsExactly(List.of((long) ROUNDS, true));
        }
    }

    /**
     * Starts run-job processes, killing some at a random moment, until batch {@code batch} is committed:
     * one exits DONE, or one is killed after its commit but before it could say so (as an operator would,
     * the test then looks at the batches table instead of running the job again, which would start a new
     * batch and shift the numbering against the reference). Returns the kills.
     */
    private int runUntilCommitted(MvpStore mvp, String platform, int batch, String[] args, Random random, long seed)
            throws Exception {
        int kills = 0;
        for (int attempt = 0; attempt < 200; attempt++) {
            if (kills > 0 && committed(mvp, platform, batch)) {
                return kills;
            }
            Path log = Files.createTempFile(tmp, "run-job", ".log");
            Process p = start(args, log);
            long delay = 150 + random.nextInt(2500);
            if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                kills++;
                continue;
            }
            int code = p.exitValue();
            String out = Files.readString(log);
            if (code == 0) {
                assertThat(out).contains("RESULT: DONE");
                assertThat(committed(mvp, platform, batch)).as("batch " + batch + " committed after DONE").isTrue();
                return kills;
            }
            assertThat(code).as("run-job output (seed " + seed + "):\n" + out).isEqualTo(RunJobCommand.KEEP_WORKING);
        }
        throw new AssertionError("no DONE after 200 runs (seed " + seed + ")");
    }

    private static boolean committed(MvpStore mvp, String platform, int batch) throws Exception {
        List<List<Object>> rows = mvp.query(mvp.mergeDb, "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = '" + platform + "' AND table_name = 'batches'");
        if (((Number) rows.get(0).get(0)).longValue() == 0) {
            return false;
        }
        return !mvp.query(mvp.mergeDb, "SELECT 1 FROM " + platform + ".batches WHERE batch_id = " + batch
                + " AND status = 'COMMITTED'").isEmpty();
    }

    private static Process start(String[] args, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Datasurface.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}

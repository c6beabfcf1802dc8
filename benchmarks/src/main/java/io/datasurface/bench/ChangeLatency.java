package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Latency from source commit to visible, as {@code cdc-latency} and {@code peer} measure it: a writer commits
 * single-row UPDATEs (one autocommit statement each) to a {@value #ROWS}-row table at a steady rate, each setting the
 * row's {@code seq} to the change's number; a poller reads the largest {@code seq} visible where the changes arrive
 * every {@value #POLL_MILLIS} ms, so a change is visible once that max reaches its number.
 * Latency = first seen − the source commit returning.
 */
final class ChangeLatency {
    static final int ROWS = 10_000;
    private static final long POLL_MILLIS = 5;

    private ChangeLatency() {
    }

    /** Creates {@code table} in {@code database}: {@value #ROWS} rows of id (the key), seq, note and changed. */
    static void createSource(EmbeddedPostgresServer pg, String database, String table) throws SQLException {
        Queries.execute(pg, database, "CREATE TABLE " + table + " (id bigint PRIMARY KEY, seq bigint NOT NULL,"
                + " note varchar(100), changed timestamp NOT NULL); INSERT INTO " + table
                + " SELECT i, 0, 'item ' || i, now() FROM generate_series(1, " + ROWS + ") i");
    }

    /** What one run measured: the latencies in ms, sorted; {@code seen} &lt; {@code changes} when some never showed. */
    record Result(int changes, long seen, double writeSeconds, double[] sortedMillis) {
        /** The changes a second the writer made. */
        double rate() {
            return changes / writeSeconds;
        }

        boolean complete() {
            return seen >= changes;
        }

        /** The p-th percentile in ms. */
        double pct(int p) {
            return sortedMillis[Math.min(sortedMillis.length - 1, (int) Math.ceil(sortedMillis.length * p / 100.0) - 1)];
        }

        double max() {
            return sortedMillis[sortedMillis.length - 1];
        }
    }

    /**
     * Writes {@code rate} changes a second for {@code seconds} to {@code table} of {@code source} while polling
     * {@code visibleMax} (a query of one number: the largest seq visible) on {@code target}, until every change is
     * visible or {@code drain} after the writer's planned end. The changes of earlier runs are not counted.
     */
    static Result measure(EmbeddedPostgresServer pg, String source, String table, String target, String visibleMax,
                          int rate, int seconds, Duration drain) throws Exception {
        long base = (Long) Queries.row(pg, source, "SELECT max(seq) FROM " + table).get(0);
        int total = rate * seconds;
        long[] committed = new long[total + 1];
        long[] visible = new long[total + 1];
        long writerStart = System.nanoTime();
        CompletableFuture<Double> writer = CompletableFuture.supplyAsync(() -> write(pg, source, table, rate, total, base,
                committed));
        long seen = 0;
        try (Connection c = pg.connect(target); PreparedStatement max = c.prepareStatement(visibleMax)) {
            long deadline = writerStart + Duration.ofSeconds(seconds).plus(drain).toNanos();
            while (seen < total && System.nanoTime() < deadline) {
                long m;
                try (ResultSet rs = max.executeQuery()) {
                    rs.next();
                    m = Math.min(total, Math.max(0, rs.getLong(1) - base));
                }
                long now = System.nanoTime();
                for (long n = seen + 1; n <= m; n++) {
                    visible[(int) n] = now;
                }
                seen = Math.max(seen, m);
                Thread.sleep(POLL_MILLIS);
            }
        }
        double writeSeconds = writer.join();
        double[] ms = new double[total];
        for (int n = 1; n <= total; n++) {
            ms[n - 1] = n <= seen ? Math.max(0, visible[n] - committed[n]) / 1e6 : Double.POSITIVE_INFINITY;
        }
        Arrays.sort(ms);
        return new Result(total, seen, writeSeconds, ms);
    }

    /**
     * Change n sets a random row's seq to base + n, one autocommit statement each, at {@code rate} a second; returns
     * the seconds the writer took.
     */
    private static double write(EmbeddedPostgresServer pg, String database, String table, int rate, int total, long base,
                              long[] committed) {
        Random random = new Random(42);
        try (Connection c = pg.connect(database);
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET seq = ?, note = ?, changed = now()"
                     + " WHERE id = ?")) {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int n = 1; n <= total; n++) {
                long due = start + n * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                update.setLong(1, base + n);
                update.setString(2, "change " + n);
                update.setLong(3, 1 + random.nextInt(ROWS));
                update.executeUpdate();
                committed[n] = System.nanoTime();
            }
            return MergeBenchmark.secs(start);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code table} of {@code database} holds all {@value #ROWS} rows (it may not exist yet). */
    static void awaitRows(EmbeddedPostgresServer pg, String database, String table, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = pg.connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) >= ROWS) {
                    return;
                }
            } catch (SQLException notYet) {
                // the table is made with the first batch
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the initial snapshot of " + table + " did not arrive within " + timeout);
    }
}

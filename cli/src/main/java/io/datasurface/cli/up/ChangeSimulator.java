package io.datasurface.cli.up;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Changes the example's CRM database the way its users would: new customers with addresses, changed
 * emails and phones, moved addresses, and now and then a customer who leaves (addresses first, as the
 * foreign key wants). Runs on its own thread at a given number of changes per second.
 */
public final class ChangeSimulator implements AutoCloseable {
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"};
    private static final String[] CITIES = {"London", "Boston", "Zurich", "Austin", "Lyon", "Kyoto"};

    private final Supplier<Connection> connect;
    private final double perSecond;
    private final Random random = new Random();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean stopping;
    private Thread thread;

    public ChangeSimulator(Supplier<Connection> connect, double perSecond) {
        this.connect = connect;
        this.perSecond = perSecond;
    }

    /** Adds customers until there are {@code count}, so the first batches have rows to show. */
    public void seed(int count) throws SQLException {
        try (Connection c = connect.get()) {
            int have;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
                rs.next();
                have = rs.getInt(1);
            }
            for (int i = have; i < count; i++) {
                insert(c);
            }
        }
    }

    public void start() {
        thread = new Thread(this::run, "change-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    public long changes() {
        return changes.get();
    }

    private void run() {
        long pauseNanos = (long) (1_000_000_000L / Math.max(0.01, perSecond));
        long next = System.nanoTime();
        while (!stopping) {
            try (Connection c = connect.get()) {
                while (!stopping) {
                    change(c);
                    changes.incrementAndGet();
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                try {
                    Thread.sleep(1000); // the database restarts, say: carry on when it is back
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void change(Connection c) throws SQLException {
        int dice = random.nextInt(10);
        if (dice < 4) {
            insert(c);
        } else if (dice < 7) {
            update(c, "UPDATE customers SET email = ? WHERE id = (SELECT id FROM customers ORDER BY random() LIMIT 1)",
                    "user" + random.nextInt(100_000) + "@example.com");
        } else if (dice < 9) {
            update(c, "UPDATE addresses SET city = ? WHERE id = (SELECT id FROM addresses ORDER BY random() LIMIT 1)",
                    CITIES[random.nextInt(CITIES.length)]);
        } else {
            try (Statement s = c.createStatement()) {
                s.execute("WITH gone AS (SELECT id FROM customers ORDER BY random() LIMIT 1), "
                        + "a AS (DELETE FROM addresses WHERE customer_id IN (SELECT id FROM gone)) "
                        + "DELETE FROM customers WHERE id IN (SELECT id FROM gone)");
            }
        }
    }

    private void insert(Connection c) throws SQLException {
        String id = "c" + Long.toString(System.nanoTime(), 36) + random.nextInt(1000);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (id, first_name, last_name, email, phone, dob) "
                + "VALUES (?, ?, ?, ?, ?, DATE '1950-01-01' + (random() * 20000)::int)")) {
            ps.setString(1, id);
            ps.setString(2, FIRST[random.nextInt(FIRST.length)]);
            ps.setString(3, LAST[random.nextInt(LAST.length)]);
            ps.setString(4, id + "@example.com");
            ps.setString(5, random.nextBoolean() ? null : "+1 555 " + random.nextInt(10_000));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO addresses VALUES (?, ?, ?, ?, ?, NULL, ?)")) {
            ps.setString(1, "a" + id.substring(1));
            ps.setString(2, id);
            ps.setString(3, random.nextBoolean() ? "billing" : "shipping");
            ps.setString(4, random.nextInt(200) + " Main Street");
            ps.setString(5, CITIES[random.nextInt(CITIES.length)]);
            ps.setString(6, Integer.toString(10_000 + random.nextInt(89_999)));
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

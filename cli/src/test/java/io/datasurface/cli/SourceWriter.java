package io.datasurface.cli;

import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.json.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes the example's {@code customers} table of a running {@code datasurface up} (started with
 * {@code --no-simulator}), five transactions a second, and remembers each transaction: its id and the rows
 * it left. From that and the committed batches' source positions (a cdc batch ends at a transaction, named
 * in its position), {@link #expectedHistory} computes what the forensic merge table must hold: per batch the
 * last image of each key, a changed row closing its version at the batch before and opening one, a deleted
 * row closing its version.
 */
final class SourceWriter implements AutoCloseable {
    private static final Pattern SOURCE = Pattern.compile("Source \\(CRM\\):\\s+(\\S+)");
    private static final Pattern MERGE = Pattern.compile("Merge store:\\s+(\\S+)");
    private static final int OPEN = 2147483647;
    private static final String STREAM = "yellow_forensic/customers";

    /** One row a transaction left: its image, or null when it deleted the row. */
    private record Change(String id, List<Object> image) {
    }

    private record Transaction(long xid, List<Change> changes) {
    }

    private final Connection source;
    private final long firstBatch;
    private final Map<String, List<Object>> initial = new TreeMap<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final Thread thread;
    private final Instant until;
    private volatile boolean stop;
    private volatile Throwable failure;

    private SourceWriter(Connection source, long firstBatch, Duration runFor) throws SQLException {
        this.source = source;
        this.firstBatch = firstBatch;
        for (List<Object> row : Rows.query(source, "SELECT * FROM customers")) {
            initial.put((String) row.get(0), row);
        }
        this.until = Instant.now().plus(runFor);
        this.thread = new Thread(this::write, "source-writer");
    }

    /** Waits until the forensic stream's first batch (the snapshot) is committed, then starts writing. */
    static SourceWriter start(String upOutput, Path data, Duration runFor) throws Exception {
        Connection merge = connect(upOutput, MERGE);
        long first = 0;
        Instant deadline = Instant.now().plusSeconds(180);
        while (first == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the forensic stream's snapshot was not committed within 180 s");
            }
            try {
                List<List<Object>> r = Rows.query(merge, "SELECT coalesce(max(batch_id), 0) FROM yellow_forensic.batches"
                        + " WHERE stream = '" + STREAM + "' AND status = 'COMMITTED'");
                first = ((Number) r.get(0).get(0)).longValue();
            } catch (SQLException notYet) {
                // the batches table is made with the first batch
            }
            if (first == 0) {
                Thread.sleep(200);
            }
        }
        merge.close();
        Connection source = connect(upOutput, SOURCE);
        source.setAutoCommit(false);
        SourceWriter w = new SourceWriter(source, first, runFor);
        w.thread.start();
        return w;
    }

    void await() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new AssertionError("the source writer failed", failure);
        }
    }

    int transactions() {
        return transactions.size();
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(10_000);
        source.close();
    }

    private void write() {
        Random random = new Random(7);
        List<String> live = new ArrayList<>(initial.keySet());
        List<String> mine = new ArrayList<>();
        int n = 0;
        try {
            while (!stop && Instant.now().isBefore(until)) {
                n++;
                List<Change> changes = new ArrayList<>();
                int pick = random.nextInt(100);
                if (pick < 35) {
                    String id = "t" + n;
                    changes.add(one("INSERT INTO customers VALUES (?, 'Test', 'Writer', NULL, NULL, DATE '1990-01-01',"
                            + " TIMESTAMP '2026-01-01 00:00:00' + ? * INTERVAL '1 second') RETURNING *", id, n));
                    live.add(id);
                    mine.add(id);
                } else if (pick < 85 || mine.isEmpty()) {
                    int rows = pick < 75 ? 1 : 2; // some transactions change two rows
                    for (int i = 0; i < rows; i++) {
                        String id = live.get(random.nextInt(live.size()));
                        changes.add(one("UPDATE customers SET email = ? WHERE id = ? RETURNING *",
                                "w" + n + "-" + i + "@example.com", id));
                    }
                } else {
                    String id = mine.remove(random.nextInt(mine.size()));
                    live.remove(id);
                    try (PreparedStatement d = source.prepareStatement("DELETE FROM customers WHERE id = ?")) {
                        d.setString(1, id);
                        d.executeUpdate();
                    }
                    changes.add(new Change(id, null));
                }
                long xid;
                try (Statement s = source.createStatement();
                     ResultSet rs = s.executeQuery("SELECT txid_current() % 4294967296")) {
                    rs.next();
                    xid = rs.getLong(1);
                }
                source.commit();
                transactions.add(new Transaction(xid, changes));
                Thread.sleep(200);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private Change one(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = source.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                List<List<Object>> out = Rows.of(rs);
                if (out.isEmpty()) {
                    throw new IllegalStateException("no row for " + sql + " " + List.of(args));
                }
                return new Change((String) out.get(0).get(0), out.get(0));
            }
        }
    }

    /**
     * The forensic merge table's rows (the dataset's columns, batch in, batch out), sorted by key and batch in,
     * as the batches should have left them.
     *
     * @param batches the stream's committed batches: batch id, kind, source position
     */
    List<List<Object>> expectedHistory(List<List<Object>> batches) throws Exception {
        Map<String, List<Object>> open = new TreeMap<>();
        Map<String, Integer> openedAt = new HashMap<>();
        List<List<Object>> closed = new ArrayList<>();
        initial.forEach((id, row) -> {
            open.put(id, row);
            openedAt.put(id, (int) firstBatch);
        });
        int next = 0;
        for (List<Object> b : batches) {
            int batch = ((Number) b.get(0)).intValue();
            if (batch <= firstBatch) {
                continue;
            }
            if (!"DELTA".equals(b.get(1))) {
                throw new AssertionError("batch " + batch + " of " + STREAM + " is " + b.get(1) + ", not a DELTA batch");
            }
            long lastXid = ((Number) Json.mapper().readValue((String) b.get(2), Map.class).get("txId")).longValue();
            Map<String, List<Object>> last = new LinkedHashMap<>();
            boolean found = false;
            while (next < transactions.size() && !found) {
                Transaction t = transactions.get(next++);
                t.changes().forEach(c -> last.put(c.id(), c.image()));
                found = t.xid() == lastXid;
            }
            if (!found) {
                throw new AssertionError("batch " + batch + " ends at transaction " + lastXid + ", which is not one of the"
                        + " source's transactions after the previous batch");
            }
            for (Map.Entry<String, List<Object>> e : last.entrySet()) {
                List<Object> was = open.get(e.getKey());
                if (was != null && was.equals(e.getValue())) {
                    continue;
                }
                if (was != null) {
                    closed.add(version(was, openedAt.get(e.getKey()), batch - 1));
                    open.remove(e.getKey());
                }
                if (e.getValue() != null) {
                    open.put(e.getKey(), e.getValue());
                    openedAt.put(e.getKey(), batch);
                }
            }
        }
        if (next < transactions.size()) {
            throw new AssertionError((transactions.size() - next) + " of " + transactions.size() + " source transactions"
                    + " are in no committed batch (the last committed batch ends at transaction "
                    + transactions.get(next - 1 < 0 ? 0 : next - 1).xid() + ")");
        }
        List<List<Object>> out = new ArrayList<>(closed);
        open.forEach((id, row) -> out.add(version(row, openedAt.get(id), OPEN)));
        out.sort(ORDER);
        return out;
    }

    /** Sorts rows of (key, …, batch in, batch out) by key, then batch in. */
    static final Comparator<List<Object>> ORDER = Comparator.<List<Object>, String>comparing(r -> (String) r.get(0))
            .thenComparing(r -> (Integer) r.get(r.size() - 2));

    private static List<Object> version(List<Object> row, int in, int out) {
        List<Object> v = new ArrayList<>(row);
        v.add(in);
        v.add(out);
        return v;
    }

    private static Connection connect(String upOutput, Pattern line) throws SQLException {
        Matcher m = line.matcher(upOutput);
        if (!m.find()) {
            throw new AssertionError("up did not print " + line.pattern());
        }
        DatabaseUrl url = DatabaseUrl.parse(m.group(1));
        Properties p = new Properties();
        url.credential().ifPresent(c -> {
            p.setProperty("user", c.user());
            p.setProperty("password", c.password());
        });
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}

package io.datasurface.merge.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/** A merge store for one test: its own schema (platform) in a shared database of a shared server. */
final class MergeStoreFixture {
    static final String DATABASE = "merge_core_it";

    final EmbeddedPostgresServer pg;
    final String platform = "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    MergeStoreFixture(EmbeddedPostgresServer pg) {
        this.pg = pg;
        pg.createDatabase(DATABASE);
    }

    Connection connect() throws SQLException {
        return pg.connect(DATABASE);
    }

    /** One step in its own connection, as a separate run-job process would do it. */
    StepResult step(IngestionNode node, Milestoning milestoning, BatchSource source, int maxChunks) throws SQLException {
        return step(node, milestoning, source, maxChunks, rows -> { });
    }

    /** One step in its own connection, telling {@code progress} the rows staged at each checkpoint. */
    StepResult step(IngestionNode node, Milestoning milestoning, BatchSource source, int maxChunks,
                    LongConsumer progress) throws SQLException {
        try (Connection c = connect()) {
            return new StreamStep(c, platform, milestoning, node, progress).run(source, maxChunks);
        }
    }

    /** Runs steps until the batch is DONE (or fails the test on ERROR). */
    StepResult commit(IngestionNode node, Milestoning milestoning, BatchSource source) throws SQLException {
        for (int i = 0; i < 1000; i++) {
            StepResult r = step(node, milestoning, source, 1);
            assertThat(r.outcome()).as(r.summary()).isNotEqualTo(StepOutcome.ERROR);
            if (r.outcome() == StepOutcome.DONE) {
                return r;
            }
        }
        throw new AssertionError("batch did not finish in 1000 steps");
    }

    /** Every row of a table of the platform's schema, columns as JDBC returns them. */
    List<List<Object>> rows(String table, String orderBy) throws SQLException {
        return query("SELECT * FROM \"" + platform + "\".\"" + table + "\" ORDER BY " + orderBy);
    }

    List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

    /** {@code "platform"."table"}, for SQL text in tests. */
    String table(String table) {
        return "\"" + platform + "\".\"" + table + "\"";
    }

    /** Chosen columns of a stream's batch row, e.g. {@code batch(node, 2, "status, attempts")}. */
    List<Object> batch(IngestionNode node, long batchId, String columns) throws SQLException {
        List<List<Object>> rows = query("SELECT " + columns + " FROM " + table("batches") + " WHERE stream = '"
                + node.key() + "' AND batch_id = " + batchId);
        assertThat(rows).as("batch %d of %s", batchId, node.key()).hasSize(1);
        return rows.get(0);
    }

    /** The batch ids of a stream, in order. */
    List<Object> batchIds(IngestionNode node) throws SQLException {
        return query("SELECT batch_id FROM " + table("batches") + " WHERE stream = '" + node.key()
                + "' ORDER BY batch_id").stream().map(r -> r.get(0)).toList();
    }

    /** A column's type as PostgreSQL spells it ({@code format_type}), or null when the column does not exist. */
    String columnType(String table, String column) throws SQLException {
        List<List<Object>> rows = query("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = '" + table(table).replace("'", "''") + "'::regclass AND a.attname = '" + column
                + "' AND NOT a.attisdropped");
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package io.datasurface.merge.store;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.sql.MergeSql;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs a dataset's merge statement in the caller's transaction and returns its exact counts. */
public final class MergeRunner {
    private MergeRunner() {
    }

    /**
     * Merges staging into the merge table: a FULL batch into an empty table is a plain insert; otherwise
     * {@code statement} (the live or forensic merge of the batch's kind) runs.
     *
     * @param total rows the batch carried for this dataset
     */
    public static DatasetCounts merge(Dialect dialect, Connection c, DatasetTables t, Milestoning milestoning,
                                      BatchKind kind, MergeSql statement, long batchId, long total) throws SQLException {
        int batch = Math.toIntExact(batchId);
        if (kind == BatchKind.FULL && isEmpty(dialect, c, t)) {
            try (PreparedStatement ps = c.prepareStatement(dialect.insertAll(t, milestoning))) {
                ps.setInt(1, batch);
                return new DatasetCounts(t.dataset(), ps.executeUpdate(), 0, 0, total);
            }
        }
        if (kind == BatchKind.DELTA) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.plannerForDelta());
            }
        }
        try (PreparedStatement ps = c.prepareStatement(statement.text())) {
            for (int i = 1; i <= statement.batchIdParameters(); i++) {
                ps.setInt(i, batch);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DatasetCounts(t.dataset(), rs.getLong(1), rs.getLong(2), rs.getLong(3), total);
            }
        }
    }

    private static boolean isEmpty(Dialect dialect, Connection c, DatasetTables t) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.isEmpty(t.schema(), t.mergeTable()))) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}

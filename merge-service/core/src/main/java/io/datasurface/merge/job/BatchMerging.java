package io.datasurface.merge.job;

import io.datasurface.merge.batch.BatchRecord;
import io.datasurface.merge.batch.BatchStore;
import io.datasurface.merge.forensic.ForensicMerge;
import io.datasurface.merge.live.LiveMerge;
import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.fault.DatasurfaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Merges an ingested batch: every dataset and the COMMITTED status in one transaction. */
final class BatchMerging {
    private final Dialect dialect;
    private final Connection connection;
    private final Milestoning milestoning;
    private final List<DatasetTables> tables;

    BatchMerging(Dialect dialect, Connection connection, Milestoning milestoning, List<DatasetTables> tables) {
        this.dialect = dialect;
        this.connection = connection;
        this.milestoning = milestoning;
        this.tables = tables;
    }

    /** Work done in the merge's transaction, just before it commits (e.g. storing the consumed offset). */
    interface BeforeCommit {
        void run() throws SQLException;
    }

    List<DatasetCounts> merge(BatchStore batches, BatchRecord batch) throws SQLException {
        return merge(batches, batch, () -> { });
    }

    List<DatasetCounts> merge(BatchStore batches, BatchRecord batch, BeforeCommit beforeCommit) throws SQLException {
        List<DatasetCounts> counts = new ArrayList<>();
        for (DatasetTables t : tables) {
            checkNullKeys(t);
            if (batch.kind() == BatchKind.FULL) {
                checkSnapshot(t);
            }
            analyze(t);
            long total = batch.loaded().getOrDefault(t.dataset(), 0L);
            counts.add(milestoning == Milestoning.FORENSIC
                    ? ForensicMerge.merge(dialect, connection, t, batch.kind(), batch.batchId(), total)
                    : LiveMerge.merge(dialect, connection, t, batch.kind(), batch.batchId(), total));
        }
        batches.committed(batch.stream(), batch.batchId(), counts);
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            ddl.ensureIndex(t, milestoning);
            ddl.resetStaging(t);
        }
        beforeCommit.run();
        connection.commit();
        return counts;
    }

    /**
     * Records a first load written straight into the empty merge tables as committed — every row inserted — and
     * builds the indexes and statistics the staged path leaves behind; the caller commits.
     */
    List<DatasetCounts> firstLoad(BatchStore batches, String stream, long batchId, Map<String, Long> loaded,
                                  String sourcePosition) throws SQLException {
        List<DatasetCounts> counts = tables.stream().map(t -> {
            long n = loaded.getOrDefault(t.dataset(), 0L);
            return new DatasetCounts(t.dataset(), n, 0, 0, n);
        }).toList();
        batches.checkpoint(stream, batchId, null, loaded);
        batches.ingested(stream, batchId, sourcePosition);
        batches.committed(stream, batchId, counts);
        MergeTables ddl = new MergeTables(dialect, connection);
        try (Statement s = connection.createStatement()) {
            for (DatasetTables t : tables) {
                ddl.ensureIndex(t, milestoning);
                s.execute(dialect.analyze(t.schema(), t.mergeTable()));
            }
        }
        return counts;
    }

    /** Fresh statistics of the staged rows, so the merge plan fits their number. */
    private void analyze(DatasetTables t) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.analyze(t.schema(), t.stagingTable()));
        }
    }

    /** No staged row lacks a key. */
    private void checkNullKeys(DatasetTables t) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.findNullKey(t)); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                throw new DatasurfaceException("dataset '" + t.dataset() + "': the batch has a row whose key ("
                        + String.join(", ", t.keys()) + ") is NULL; fix the source, keys must not be NULL", false);
            }
        }
    }

    /** A snapshot has no key twice. */
    private void checkSnapshot(DatasetTables t) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.findDuplicateKey(t));
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= t.keys().size(); i++) {
                    values.add(rs.getString(i));
                }
                String key = "(" + String.join(", ", t.keys()) + ")";
                throw DatasurfaceException.keyTwice("dataset '" + t.dataset() + "'",
                        key + "=(" + String.join(", ", values) + ")", key, null);
            }
        }
    }
}

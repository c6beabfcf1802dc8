package io.datasurface.merge.job;

import io.datasurface.merge.batch.BatchRecord;
import io.datasurface.merge.batch.BatchStatus;
import io.datasurface.merge.batch.BatchStore;
import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the batch a step works on: a new one after a committed one, or the open one — started again,
 * under the same id, when it failed, when the model's schema of its datasets changed, or when its
 * staged rows were lost.
 */
final class BatchOpening {
    private static final System.Logger LOG = System.getLogger(BatchOpening.class.getName());

    private final Dialect dialect;
    private final Connection connection;
    private final String schema;
    private final Milestoning milestoning;
    private final String stream;
    private final List<DatasetTables> tables;
    private final List<DatasetSchema> schemas;

    BatchOpening(Dialect dialect, Connection connection, String schema, Milestoning milestoning, String stream,
                 List<DatasetTables> tables) {
        this.dialect = dialect;
        this.connection = connection;
        this.schema = schema;
        this.milestoning = milestoning;
        this.stream = stream;
        this.tables = tables;
        this.schemas = tables.stream().map(t -> new DatasetSchema(t.dataset(), t.fingerprint())).toList();
    }

    BatchRecord open(BatchStore batches, BatchKind kind) throws SQLException {
        Optional<BatchRecord> last = batches.latest(stream);
        if (last.isEmpty() || last.get().status() == BatchStatus.COMMITTED) {
            prepareTables();
            batches.insert(stream, last.map(b -> b.batchId() + 1).orElse(1L), kind, schemas,
                    last.map(BatchRecord::sourcePosition).orElse(null));
            connection.commit();
            return batches.latest(stream).orElseThrow();
        }
        BatchRecord open = last.get();
        String why = null;
        if (open.status() == BatchStatus.FAILED) {
            why = "it failed";
        } else if (!open.datasets().equals(schemas) || open.kind() != kind) {
            why = "the model's schema of its datasets changed";
        } else if (!stagingMatches(open)) {
            why = "its staged rows were lost (the merge store restarted after a crash)";
        }
        if (why == null) {
            return open;
        }
        LOG.log(System.Logger.Level.INFO, "stream {0}: starting batch {1} again because {2}", stream, open.batchId(),
                why);
        prepareTables();
        batches.restart(stream, open.batchId(), kind, schemas);
        connection.commit();
        return batches.latest(stream).orElseThrow();
    }

    /** Whether every merge table of the stream is empty (a first load). */
    boolean mergeTablesEmpty() throws SQLException {
        boolean empty = new MergeTables(dialect, connection).mergeTablesEmpty(tables);
        connection.commit();
        return empty;
    }

    private void prepareTables() throws SQLException {
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            ddl.prepare(t, milestoning);
        }
    }

    private boolean stagingMatches(BatchRecord open) throws SQLException {
        MergeTables ddl = new MergeTables(dialect, connection);
        for (DatasetTables t : tables) {
            if (ddl.columns(schema, t.stagingTable()).isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = connection.prepareStatement(dialect.countRows(schema, t.stagingTable()));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != open.loaded().getOrDefault(t.dataset(), 0L)) {
                    return false;
                }
            }
        }
        connection.commit();
        return true;
    }
}

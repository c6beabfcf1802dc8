package io.datasurface.merge.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datasurface.merge.sql.Dialect;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.json.Json;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the {@code batches} table of one platform schema, in the caller's transaction. */
public final class BatchStore {
    private final Dialect dialect;
    private final Connection connection;
    private final String schema;

    public BatchStore(Dialect dialect, Connection connection, String schema) {
        this.dialect = dialect;
        this.connection = connection;
        this.schema = schema;
    }

    public Optional<BatchRecord> latest(String stream) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.latestBatch(schema))) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BatchRecord(stream, rs.getLong(1), BatchStatus.valueOf(rs.getString(2)),
                        BatchKind.valueOf(rs.getString(3)), read(rs.getString(4), new TypeReference<List<DatasetSchema>>() {
                        }), rs.getString(5), rs.getString(6), rs.getString(7),
                        read(rs.getString(8), new TypeReference<Map<String, Long>>() {
                        }), rs.getInt(9), rs.getString(10)));
            }
        }
    }

    public void insert(String stream, long batchId, BatchKind kind, List<DatasetSchema> datasets, String previousPosition)
            throws SQLException {
        update(dialect.insertBatch(schema), stream, batchId, kind.name(), Json.write(datasets), previousPosition);
    }

    public void restart(String stream, long batchId, BatchKind kind, List<DatasetSchema> datasets) throws SQLException {
        update(dialect.restartBatch(schema), kind.name(), Json.write(datasets), stream, batchId);
    }

    public void checkpoint(String stream, long batchId, String restartPoint, Map<String, Long> loaded)
            throws SQLException {
        update(dialect.checkpointBatch(schema), restartPoint, Json.write(loaded), stream, batchId);
    }

    public void ingested(String stream, long batchId, String sourcePosition) throws SQLException {
        update(dialect.markIngested(schema), sourcePosition, stream, batchId);
    }

    public void committed(String stream, long batchId, List<DatasetCounts> counts) throws SQLException {
        long inserted = counts.stream().mapToLong(DatasetCounts::inserted).sum();
        long updated = counts.stream().mapToLong(DatasetCounts::updated).sum();
        long deleted = counts.stream().mapToLong(DatasetCounts::deleted).sum();
        long total = counts.stream().mapToLong(DatasetCounts::total).sum();
        update(dialect.markCommitted(schema), Json.write(counts), inserted, updated, deleted, total, stream, batchId);
    }

    /** Marks the batch FAILED: the next step starts it again from the beginning. */
    public void failed(String stream, long batchId, String error) throws SQLException {
        update(dialect.markFailed(schema), error, stream, batchId);
    }

    /** Records a passing error; the batch keeps its status and the next step resumes it. */
    public void noteError(String stream, long batchId, String error) throws SQLException {
        update(dialect.noteError(schema), error, stream, batchId);
    }

    private void update(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("the batches table holds JSON this version cannot read: " + json, e);
        }
    }
}

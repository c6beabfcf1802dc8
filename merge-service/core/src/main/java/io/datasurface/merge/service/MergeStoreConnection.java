package io.datasurface.merge.service;

import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** The merge-service's one connection to the merge store, opened when first needed and again after a fault. */
final class MergeStoreConnection {
    private final DataSource dataSource;
    private final String consumerGroup;
    private final Clock clock;
    private Connection connection;
    private EventMerge merge;

    MergeStoreConnection(DataSource dataSource, String consumerGroup, Clock clock) {
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
        this.clock = clock;
    }

    /** The merge engine over the connection, connecting first when there is none. */
    EventMerge merge() {
        if (merge == null) {
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw new DatasurfaceException("cannot connect to the merge store: " + SqlFaults.message(e), true, e);
            }
            merge = new EventMerge(connection, consumerGroup, clock);
        }
        return merge;
    }

    /** The ingest topic's offsets these platform schemas stored, read now. */
    StoredOffsets storedOffsets(Set<String> schemas) {
        EventMerge m = merge();
        m.forgetStoredOffsets();
        Map<String, Map<Integer, Long>> bySchema = new HashMap<>();
        for (String schema : schemas) {
            bySchema.put(schema, m.storedOffsets(schema, Topics.INGEST));
        }
        return new StoredOffsets(bySchema);
    }

    /** Throws the connection away (after a fault that may have broken it). */
    void drop() {
        merge = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection: closing only
            }
            connection = null;
        }
    }

    void close() {
        drop();
    }
}

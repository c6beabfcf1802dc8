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
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** A connection of the merge-service to the merge store, opened when first needed and again after a fault. */
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

    /** Forgets the stored offsets read so far, when connected (another process may have moved them). */
    void forgetStoredOffsets() {
        if (merge != null) {
            merge.forgetStoredOffsets();
        }
    }

    /** See {@link EventMerge#uncommittedFrom()}; empty when not connected. */
    Optional<EventMerge.Position> uncommittedFrom() {
        return merge == null ? Optional.empty() : merge.uncommittedFrom();
    }

    /** See {@link EventMerge#readAgainFrom()}; empty when not connected. */
    Optional<EventMerge.Position> readAgainFrom() {
        return merge == null ? Optional.empty() : merge.readAgainFrom();
    }

    /** Throws the connection away (after a fault that may have broken it); a first load in it is rolled back. */
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

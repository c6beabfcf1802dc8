package io.datasurface.merge.job;

import io.datasurface.merge.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The session lock that lets one process at a time work on a stream. */
final class StreamLock {
    private final Dialect dialect;
    private final Connection connection;
    private final String schema;
    private final String stream;

    StreamLock(Dialect dialect, Connection connection, String schema, String stream) {
        this.dialect = dialect;
        this.connection = connection;
        this.schema = schema;
        this.stream = stream;
    }

    /** Waits up to {@code seconds} for the lock; false when another session keeps it that long. */
    boolean take(int seconds) throws SQLException {
        try (Statement s = connection.createStatement();
             PreparedStatement ps = connection.prepareStatement(dialect.waitStreamLock())) {
            s.execute(dialect.setSessionLockTimeout(seconds));
            connection.commit();
            ps.setString(1, schema);
            ps.setString(2, stream);
            try {
                ps.execute();
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if ("55P03".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                s.execute(dialect.resetLockTimeout());
                connection.commit();
            }
        }
    }

    /** Releases the lock; a broken connection has released it already. */
    void release() {
        try (PreparedStatement ps = connection.prepareStatement(dialect.unlockStream())) {
            ps.setString(1, schema);
            ps.setString(2, stream);
            ps.execute();
            connection.commit();
        } catch (SQLException ignored) {
            // the session lock ends with its connection
        }
    }
}

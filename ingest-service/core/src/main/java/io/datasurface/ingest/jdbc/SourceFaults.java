package io.datasurface.ingest.jdbc;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns a source's {@link SQLException} into a {@link DatasurfaceException}, retriable by the one rule of
 * {@link SqlFaults} (looking at the connection for states it does not know). Messages keep the server's text
 * but drop anything that looks like a JDBC URL or a password.
 */
public final class SourceFaults {
    private SourceFaults() {
    }

    /**
     * @param doing what was being done, e.g. "reading source table orders"
     */
    public static DatasurfaceException of(String doing, SQLException e, Connection connection) {
        return new DatasurfaceException(doing + " failed: " + message(e), SqlFaults.retriable(e, connection), e);
    }

    /** The message of {@link SqlFaults#message} without JDBC URLs or password settings, and the SQL state. */
    static String message(SQLException e) {
        String m = SqlFaults.message(e)
                .replaceAll("jdbc:[^\\s\"']+", "<jdbc url>")
                .replaceAll("(?i)(password|pwd)\\s*=\\s*[^\\s;&,]+", "$1=***");
        String state = e.getSQLState() == null || m.contains(e.getSQLState()) ? "" : " [SQL state " + e.getSQLState() + "]";
        return m.replace('\n', ' ').replaceAll("\\s+", " ").trim() + state;
    }
}

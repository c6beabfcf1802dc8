package io.datasurface.ingest.jdbc;

import io.datasurface.model.fault.DatasurfaceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Turns a source's {@link SQLException} into a {@link DatasurfaceException}. Retriable: a connection
 * that is gone or broken, SQL states of class 08 (connection), 40 (rollback, serialization), 53
 * (resources), 57 (operator intervention: shutdown, terminated backend, cancelled statement),
 * 55P03 (lock not available), the driver's transient, recoverable and timeout exceptions, and any
 * other fault after which the connection is closed or no longer valid (H2 reports a closed
 * connection as its own state 90007). Standard classes about the statement itself (22 data, 28
 * authorization, 42 syntax or access: a table dropped mid-read, a permission missing…) need someone
 * to act.
 *
 * <p>Messages keep the server's text but drop anything that looks like a JDBC URL or a password.
 */
public final class SourceFaults {
    /** SQL state classes that describe the statement or the data, not the connection. */
    private static final Set<String> STATEMENT_PROBLEMS = Set.of("0A", "21", "22", "23", "24", "25", "26", "27", "28",
            "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "42", "44");

    private SourceFaults() {
    }

    /**
     * @param doing what was being done, e.g. "reading source table orders"
     */
    public static DatasurfaceException of(String doing, SQLException e, Connection connection) {
        return new DatasurfaceException(doing + " failed: " + message(e), retriable(e, connection), e);
    }

    static boolean retriable(SQLException e, Connection connection) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57") || state.equals("55P03")) {
            return true;
        }
        if (state.length() >= 2 && STATEMENT_PROBLEMS.contains(state.substring(0, 2))) {
            return false;
        }
        return connectionLost(connection);
    }

    private static boolean connectionLost(Connection connection) {
        try {
            return connection == null || connection.isClosed() || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    /** The driver's message on one line, without JDBC URLs or password settings. */
    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceFirst("^ERROR: ", "")
                .replaceAll("jdbc:[^\\s\"']+", "<jdbc url>")
                .replaceAll("(?i)(password|pwd)\\s*=\\s*[^\\s;&,]+", "$1=***");
        String state = e.getSQLState() == null || m.contains(e.getSQLState()) ? "" : " [SQL state " + e.getSQLState() + "]";
        return m.replace('\n', ' ').replaceAll("\\s+", " ").trim() + state;
    }
}

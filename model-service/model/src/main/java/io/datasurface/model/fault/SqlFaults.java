package io.datasurface.model.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one rule, for every database the services talk to, of whether an error may pass when the same thing is
 * tried again. Retriable: the driver's transient, recoverable and timeout exceptions; an error without a SQL
 * state (an I/O error: the connection broke); SQL state classes 08 (connection), 40 (rollback: serialization,
 * deadlock), 53 (resources: disk, memory, connections), 57 (operator intervention: shutdown, terminated backend,
 * cancelled statement) and 55P03 (lock not available). Not retriable: the standard classes about the statement
 * or its data (22 data, 23 constraints, 28 authorization, 42 syntax or access — a table dropped, a permission
 * missing, ...), which need someone to act. Any other state is retriable only when it left the connection
 * closed or no longer valid (H2, for one, reports a closed connection as its own state 90007).
 */
public final class SqlFaults {
    private static final Pattern COPY_COLUMN = Pattern.compile("column ([^:,]+):");
    /** SQL state class of errors about a value ("data exception"), whose messages may quote it. */
    private static final String DATA_ERRORS = "22";
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
    /** SQL state classes that describe the statement or the data, not the connection. */
    private static final Set<String> STATEMENT_PROBLEMS = Set.of("0A", "21", "22", "23", "24", "25", "26", "27", "28",
            "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "42", "44");

    private SqlFaults() {
    }

    /** Whether trying again may succeed; an error of a state this rule does not know is not retriable. */
    public static boolean retriable(SQLException e) {
        return known(e).orElse(false);
    }

    /**
     * Whether trying again may succeed, looking at the connection for a state this rule does not know.
     *
     * @param connection the connection the error came from; null when there was none (it could not be opened)
     */
    public static boolean retriable(SQLException e, Connection connection) {
        return known(e).orElseGet(() -> connectionLost(connection));
    }

    private static Optional<Boolean> known(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLTimeoutException) {
            return Optional.of(true);
        }
        String state = e.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57") || state.equals("55P03")) {
            return Optional.of(true);
        }
        if (state.length() >= 2 && STATEMENT_PROBLEMS.contains(state.substring(0, 2))) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    private static boolean connectionLost(Connection connection) {
        try {
            return connection == null || connection.isClosed() || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * {@link #message} without the values a data error (SQL state class 22) quotes: PostgreSQL writes
     * {@code invalid input syntax for type integer: "abc"} or {@code value "99999999999" is out of range for
     * type integer}, and each quoted text of such a message becomes {@code "…"}.
     */
    public static String messageWithoutData(SQLException e) {
        String m = message(e);
        String state = e.getSQLState();
        return state != null && state.startsWith(DATA_ERRORS) ? QUOTED.matcher(m)
                .replaceAll(q -> q.group().charAt(0) + "…" + q.group().charAt(0)) : m;
    }

    /**
     * The server's primary message with the table, column and constraint it names — without its
     * detail, which can quote a whole row of data — or the driver's message; never credentials.
     */
    public static String message(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String m;
        if (server != null && server.getMessage() != null) {
            m = server.getMessage();
            String column = server.getColumn();
            if (column == null && server.getWhere() != null) {
                // COPY errors name the column only in their context, next to the value: keep the name only
                Matcher where = COPY_COLUMN.matcher(server.getWhere());
                column = where.find() ? where.group(1) : null;
            }
            if (server.getTable() != null && !m.contains(server.getTable())) {
                m += " (table " + server.getTable() + (column == null ? ")" : ", column " + column + ")");
            } else if (column != null && !m.contains(column)) {
                m += " (column " + column + ")";
            }
        } else {
            m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return m.replaceFirst("^ERROR: ", "").replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}

package io.datasurface.view.reconcile;

import io.datasurface.model.fault.SqlFaults;
import io.datasurface.view.sql.ViewDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The workspace reader roles of one reconciliation: made (NOLOGIN, with the {@link ReaderRole#marker()}
 * comment) when missing, and never granted anything when one of the name exists without the marker of
 * its workspace.
 */
final class ReaderRoles {
    /** A role as read (or made) in this run. */
    private record Seen(boolean exists, String comment) {
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final Connection connection;
    private final ViewDialect dialect;

    ReaderRoles(Connection connection, ViewDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Why the role may not be granted anything, or null (it is ours, or does not exist yet). */
    String refusal(ReaderRole role) throws SQLException {
        Seen s = seen(role.name());
        return s.exists() ? role.refusal(s.comment()) : null;
    }

    /**
     * Makes the role and marks it, in the current transaction, when it does not exist.
     *
     * @return why it may not be granted anything (someone else made it meanwhile, say), or null
     */
    String ensure(ReaderRole role) throws SQLException {
        if (seen(role.name()).exists()) {
            return refusal(role);
        }
        Savepoint before = connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.createReaderRole(role.name()));
            s.execute(dialect.commentOnRole(role.name(), role.marker()));
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) {
                throw new SQLException("cannot create role " + role.name() + ": " + SqlFaults.message(e), e.getSQLState(), e);
            }
            connection.rollback(before); // made meanwhile, by another reconciler or by someone else: look again
            seen.remove(role.name());
            return refusal(role);
        }
        seen.put(role.name(), new Seen(true, role.marker()));
        return null;
    }

    /** Forgets what is known of the role (the transaction that may have made it was rolled back). */
    void forget(ReaderRole role) {
        seen.remove(role.name());
    }

    private Seen seen(String role) throws SQLException {
        Seen known = seen.get(role);
        if (known != null) {
            return known;
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.roleComment())) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                known = rs.next() ? new Seen(true, rs.getString(1)) : new Seen(false, null);
            }
        }
        seen.put(role, known);
        return known;
    }
}

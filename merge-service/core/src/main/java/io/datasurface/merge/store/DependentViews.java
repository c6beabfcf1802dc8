package io.datasurface.merge.store;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.model.fault.DatasurfaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL will not change the type of a column a view reads. So that an allowed widening does not
 * stop a stream once its workspace views exist, the views over the merge table are saved (definition,
 * comment, owner, grants), dropped, and made again right after the change, in the same transaction:
 * nobody sees them missing, and the view reconciler finds them as it left them.
 */
final class DependentViews {
    private record Saved(String schema, String name, String owner, String definition, String comment,
                         List<String[]> grants) {
    }

    private final Connection connection;
    private final Dialect dialect;
    private final List<Saved> saved = new ArrayList<>();

    DependentViews(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Saves and drops the views reading the table. */
    void dropOver(String schema, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.dependentViews())) {
            ps.setString(1, dialect.quote(schema) + "." + dialect.quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    saved.add(new Saved(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), grants(rs.getLong(6))));
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            for (Saved v : saved) {
                try {
                    s.execute(dialect.dropView(v.schema(), v.name()));
                } catch (SQLException e) {
                    throw new DatasurfaceException("cannot widen a column of " + schema + "." + table + ": view "
                            + v.schema() + "." + v.name() + " reads it and other views depend on that view; drop them "
                            + "(they can be made again after the batch)", false, e);
                }
            }
        }
    }

    /** Makes the dropped views again, as they were. */
    void recreate() throws SQLException {
        String me;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            me = rs.getString(1);
        }
        try (Statement s = connection.createStatement()) {
            for (Saved v : saved) {
                String definition = v.definition().strip();
                if (definition.endsWith(";")) {
                    definition = definition.substring(0, definition.length() - 1);
                }
                s.execute(dialect.createView(v.schema(), v.name(), definition));
                if (v.comment() != null) {
                    s.execute(dialect.commentOnView(v.schema(), v.name(), v.comment()));
                }
                for (String[] g : v.grants()) {
                    s.execute(dialect.grantOnView(g[1], v.schema(), v.name(), g[0]));
                }
                if (!me.equals(v.owner())) {
                    s.execute(dialect.alterViewOwner(v.schema(), v.name(), v.owner()));
                }
            }
        }
        saved.clear();
    }

    private List<String[]> grants(long oid) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.viewGrants())) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }
}

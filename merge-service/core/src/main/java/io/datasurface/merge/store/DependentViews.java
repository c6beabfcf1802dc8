package io.datasurface.merge.store;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.model.fault.DatasurfaceException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * PostgreSQL will not change the type of a column a view reads. So that an allowed widening does not
 * stop a stream once its workspace views exist, the views over the merge table are saved, dropped, and
 * made again right after the change, in the same transaction: nobody sees them missing, and the view
 * reconciler finds them as it left them. Saved and made again: the definition, the options
 * ({@code security_invoker}, {@code security_barrier}, {@code check_option}), the comments on the view and
 * its columns, the owner, and exactly the privileges others held on the view and its columns (PUBLIC and
 * grant options included; privileges the schema's default privileges would add to a new view are taken
 * away again).
 */
final class DependentViews {
    /** A privilege held on the view ({@code column} null) or one of its columns; {@code role} null: PUBLIC. */
    private record Grant(String column, String role, String privilege, boolean grantable) {
    }

    private record Saved(String schema, String name, String owner, String definition, String comment,
                         List<String> options, Map<String, String> columnComments, List<Grant> grants) {
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
        List<String[]> found = new ArrayList<>();
        List<List<String>> options = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.dependentViews())) {
            ps.setString(1, dialect.qualified(schema, table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)});
                    options.add(strings(rs.getArray(6)));
                }
            }
        }
        for (int i = 0; i < found.size(); i++) {
            String[] v = found.get(i);
            String qualified = dialect.qualified(v[0], v[1]);
            saved.add(new Saved(v[0], v[1], v[2], v[3], v[4], options.get(i), columnComments(qualified),
                    grants(qualified)));
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
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(dialect.currentUser())) {
            rs.next();
            me = rs.getString(1);
        }
        try (Statement s = connection.createStatement()) {
            for (Saved v : saved) {
                String definition = v.definition().strip();
                if (definition.endsWith(";")) {
                    definition = definition.substring(0, definition.length() - 1);
                }
                s.execute(dialect.createView(v.schema(), v.name(), v.options(), definition));
                // privileges the schema's default privileges gave the new view: it had none of them
                Set<String> granted = new LinkedHashSet<>();
                for (Grant g : grants(dialect.qualified(v.schema(), v.name()))) {
                    granted.add(g.role() == null ? "" : g.role());
                }
                for (String role : granted) {
                    s.execute(dialect.revokeAllOnView(v.schema(), v.name(), role.isEmpty() ? null : role));
                }
                if (v.comment() != null) {
                    s.execute(dialect.commentOnView(v.schema(), v.name(), v.comment()));
                }
                for (Map.Entry<String, String> c : v.columnComments().entrySet()) {
                    s.execute(dialect.commentOnViewColumn(v.schema(), v.name(), c.getKey(), c.getValue()));
                }
                for (Grant g : v.grants()) {
                    s.execute(dialect.grantOnView(g.privilege(), g.column(), v.schema(), v.name(), g.role(),
                            g.grantable()));
                }
                if (!me.equals(v.owner())) {
                    s.execute(dialect.alterViewOwner(v.schema(), v.name(), v.owner()));
                }
            }
        }
        saved.clear();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private List<Grant> grants(String qualifiedView) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.viewGrants())) {
            ps.setString(1, qualifiedView);
            ps.setString(2, qualifiedView);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    private Map<String, String> columnComments(String qualifiedView) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.viewColumnComments())) {
            ps.setString(1, qualifiedView);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}

package io.datasurface.view.reconcile;

import io.datasurface.view.sql.ViewDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the database holds, read once per reconciliation: the views of the view schema (with their
 * markers and definition digests), the tables and columns of the merge schema, and the SELECT grants
 * on the views.
 */
final class Catalog {
    record ExistingView(String name, Optional<ViewMarker> marker, String digest) {
    }

    final Map<String, ExistingView> views = new TreeMap<>();
    final Map<String, Set<String>> tableColumns = new HashMap<>();
    final Set<String> grants = new HashSet<>();

    static Catalog read(Connection c, ViewDialect dialect, String viewSchema, String mergeSchema) throws SQLException {
        Catalog catalog = new Catalog();
        try (PreparedStatement ps = c.prepareStatement(dialect.viewsOfSchema())) {
            ps.setString(1, viewSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    catalog.views.put(name, new ExistingView(name, ViewMarker.parse(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.tableColumnsOfSchema())) {
            ps.setString(1, mergeSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    catalog.tableColumns.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.selectGrantsOfSchema())) {
            ps.setString(1, viewSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    catalog.grants.add(grantKey(rs.getString(1), rs.getString(2)));
                }
            }
        }
        c.commit();
        return catalog;
    }

    static String grantKey(String view, String role) {
        return view + "\u0000" + role;
    }
}

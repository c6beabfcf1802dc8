package io.datasurface.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The reference forensic merge the product is measured against: four statements over staging and the
 * merge table (close changed, close deleted, insert new, insert changed versions), each joining the two
 * tables. For the benchmark's {@code items} dataset only; not product code.
 */
final class ReferenceForensicMerge {
    private static final String LIVE = Integer.toString(Integer.MAX_VALUE);
    private static final String COLUMNS = "id, name, email, amount, created, active";

    private ReferenceForensicMerge() {
    }

    static void merge(Connection c, String schema, int batch) throws SQLException {
        String m = schema + ".items_items_merge";
        String s = schema + ".items_items_staging";
        run(c, "UPDATE " + m + " t SET ds_surf_batch_out = ? - 1 FROM " + s + " s WHERE t.id = s.id AND "
                + "t.ds_surf_batch_out = " + LIVE + " AND t.ds_surf_all_hash <> s.ds_surf_all_hash", batch);
        run(c, "UPDATE " + m + " t SET ds_surf_batch_out = ? - 1 WHERE t.ds_surf_batch_out = " + LIVE
                + " AND NOT EXISTS (SELECT 1 FROM " + s + " s WHERE s.id = t.id)", batch);
        run(c, "INSERT INTO " + m + " (" + COLUMNS + ", ds_surf_batch_in, ds_surf_batch_out, ds_surf_all_hash) "
                + "SELECT " + COLUMNS + ", ?, " + LIVE + ", ds_surf_all_hash FROM " + s + " s WHERE NOT EXISTS "
                + "(SELECT 1 FROM " + m + " t WHERE t.id = s.id AND t.ds_surf_batch_out IN (" + LIVE + ", ? - 1))",
                batch, batch);
        run(c, "INSERT INTO " + m + " (" + COLUMNS + ", ds_surf_batch_in, ds_surf_batch_out, ds_surf_all_hash) "
                + "SELECT s.id, s.name, s.email, s.amount, s.created, s.active, ?, " + LIVE + ", s.ds_surf_all_hash FROM "
                + s + " s JOIN " + m + " t ON t.id = s.id AND t.ds_surf_batch_out = ? - 1 "
                + "AND t.ds_surf_all_hash <> s.ds_surf_all_hash", batch, batch);
    }

    private static void run(Connection c, String sql, int... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setInt(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}

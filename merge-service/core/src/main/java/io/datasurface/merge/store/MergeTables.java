package io.datasurface.merge.store;

import io.datasurface.model.naming.MergeColumns;
import io.datasurface.merge.sql.Dialect;
import io.datasurface.model.Milestoning;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.SqlType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a platform's schema and tables on demand and reconciles their DDL with the model, never
 * destructively: a merge table gains new columns (nullable) and widened types; a staging table, which
 * holds nothing between batches, is recreated when its shape differs and emptied otherwise.
 */
public final class MergeTables {
    private static final int LOCK_TIMEOUT_SECONDS = 30;
    private final Dialect dialect;
    private final Connection connection;

    public MergeTables(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /**
     * The platform's schema and its batches and offsets tables, made or upgraded by their migrations the
     * first time this database sees them (a quick look at the schema's history table otherwise). Processes
     * arriving together wait for the first, which migrates. Call it between transactions.
     */
    public void ensureSchema(String schema) throws SQLException {
        dialect.platformSchema(schema).ensureCurrent(connection);
    }

    /** Whether every one of these merge tables is empty (a first load may go straight into them). */
    public boolean mergeTablesEmpty(List<DatasetTables> tables) throws SQLException {
        for (DatasetTables t : tables) {
            try (PreparedStatement ps = connection.prepareStatement(dialect.isEmpty(t.schema(), t.mergeTable()));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Creates the merge table or brings it up to the model; empties (or recreates) the staging table. */
    public void prepare(DatasetTables t, Milestoning milestoning) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.setLockTimeout(LOCK_TIMEOUT_SECONDS));
            reconcileMerge(s, t, milestoning);
            resetStaging(s, t);
        }
    }

    /** Empties the staging table (recreating it if its shape is not the model's). */
    public void resetStaging(DatasetTables t) throws SQLException {
        try (Statement s = connection.createStatement()) {
            resetStaging(s, t);
        }
    }

    private void reconcileMerge(Statement s, DatasetTables t, Milestoning milestoning) throws SQLException {
        Map<String, String> existing = columns(t.schema(), t.mergeTable());
        if (existing.isEmpty()) {
            s.execute(dialect.createMergeTable(t, milestoning));
            return; // its index is built when its first batch commits (ensureIndex): faster than row by row
        }
        checkSynthetic(t, milestoning, existing);
        DependentViews views = null;
        for (TableColumn c : t.columns()) {
            String dbType = existing.get(c.name());
            if (dbType == null) {
                s.execute(dialect.addColumn(t.schema(), t.mergeTable(), c));
                continue;
            }
            SqlType current = dialect.typeOf(dbType);
            if (c.type().equals(current) || current != null && dialect.columnType(current).equals(dialect.columnType(c.type()))) {
                continue; // e.g. an enum, whose column is text
            }
            if (current == null || !current.widensTo(c.type())) {
                throw new DatasurfaceException("merge table " + t.schema() + "." + t.mergeTable() + " column '"
                        + c.name() + "' is " + dbType + " but the model says " + c.type() + ", which is not a "
                        + "widening of it; the merge store never narrows a column", false);
            }
            if (views == null) {
                views = new DependentViews(connection, dialect);
                views.dropOver(t.schema(), t.mergeTable());
            }
            s.execute(dialect.alterColumnType(t.schema(), t.mergeTable(), c));
        }
        if (views != null) {
            views.recreate();
        }
        ensureIndex(s, t, milestoning);
    }

    /** The merge table's secondary index, if its milestoning has one and it is missing. */
    public void ensureIndex(DatasetTables t, Milestoning milestoning) throws SQLException {
        try (Statement s = connection.createStatement()) {
            ensureIndex(s, t, milestoning);
        }
    }

    private void ensureIndex(Statement s, DatasetTables t, Milestoning milestoning) throws SQLException {
        String index = dialect.createMergeIndex(t, milestoning);
        if (index != null) {
            s.execute(index);
        }
    }

    private void checkSynthetic(DatasetTables t, Milestoning milestoning, Map<String, String> existing) {
        boolean forensicTable = existing.containsKey(MergeColumns.BATCH_IN);
        if (forensicTable != (milestoning == Milestoning.FORENSIC)) {
            throw new DatasurfaceException("merge table " + t.schema() + "." + t.mergeTable() + " was made for a "
                    + (forensicTable ? "forensic" : "live-only") + " platform, but the platform is now "
                    + milestoning.yaml() + "; a platform's milestoning cannot change in place", false);
        }
    }

    private void resetStaging(Statement s, DatasetTables t) throws SQLException {
        Map<String, String> existing = columns(t.schema(), t.stagingTable());
        if (existing.isEmpty()) {
            s.execute(dialect.createStagingTable(t));
        } else if (!sameShape(t, existing)) {
            s.execute(dialect.dropTable(t.schema(), t.stagingTable()));
            s.execute(dialect.createStagingTable(t));
        } else {
            s.execute(dialect.truncate(t.schema(), t.stagingTable()));
        }
    }

    private boolean sameShape(DatasetTables t, Map<String, String> existing) {
        List<String> expected = new ArrayList<>();
        for (TableColumn c : t.columns()) {
            expected.add(c.name() + " " + dialect.columnType(c.type()));
        }
        expected.add(MergeColumns.OP + " character(1)");
        expected.add(MergeColumns.SEQ + " bigint");
        expected.add(MergeColumns.ALL_HASH + " bigint");
        List<String> actual = existing.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        return expected.equals(actual);
    }

    /** Column name → database type, in table order; empty when the table does not exist. */
    public Map<String, String> columns(String schema, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.tableColumns())) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}

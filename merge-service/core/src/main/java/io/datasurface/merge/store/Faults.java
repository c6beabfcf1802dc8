package io.datasurface.merge.store;

import io.datasurface.model.fault.DatasurfaceException;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns database errors into {@link DatasurfaceException}s that say whether a retry may help. */
public final class Faults {
    private static final Pattern COPY_COLUMN = Pattern.compile("column ([^:,]+):");
    private Faults() {
    }

    /**
     * @param doing what was being done, e.g. "merging dataset customers"
     */
    public static DatasurfaceException of(String doing, SQLException e) {
        return new DatasurfaceException(doing + " failed: " + message(e), retriable(e), e);
    }

    /**
     * A FULL batch written straight into a merge table failed: a unique or not-null violation there is
     * a snapshot with a duplicate or NULL key, which someone must fix at the source.
     */
    public static DatasurfaceException ofDirectLoad(SQLException e, Map<String, String> datasetByTable) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String dataset = server == null ? null : datasetByTable.get(server.getTable());
        String table = dataset != null ? "dataset '" + dataset + "'"
                : server == null || server.getTable() == null ? "a merge table" : "table " + server.getTable();
        if ("23505".equals(e.getSQLState()) && server != null && server.getDetail() != null) {
            String key = server.getDetail().replaceFirst("^Key ", "").replaceFirst(" already exists\\.?$", "")
                    .replaceAll(", ds_surf_batch_in\\)=\\((.*), \\d+\\)$", ")=($1)");
            return new DatasurfaceException(table + ": the snapshot holds key " + key
                    + " more than once; the source's key is not unique, so the batch was not committed", false, e);
        }
        if ("23502".equals(e.getSQLState())) {
            String column = server == null || server.getColumn() == null ? "a key column" : "'" + server.getColumn() + "'";
            return new DatasurfaceException(table + ": the snapshot has a row whose key column " + column
                    + " is NULL; fix the source, keys must not be NULL", false, e);
        }
        return of("loading rows into a merge table", e);
    }

    /**
     * Connection problems (08), conflicts (40, 55P03), lack of resources (53: disk, memory, connections)
     * and interventions (57: cancelled, timed out, shut down) may pass with time; data errors do not.
     */
    public static boolean retriable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return true; // an I/O error without a SQL state: the connection broke
        }
        return state.startsWith("08") || state.startsWith("40") || state.equals("55P03") || state.startsWith("53")
                || state.startsWith("57");
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

package io.datasurface.merge.store;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns merge-store errors into {@link DatasurfaceException}s, retriable by the rule of {@link SqlFaults}. */
public final class Faults {
    private Faults() {
    }

    /**
     * @param doing what was being done, e.g. "merging dataset customers"
     */
    public static DatasurfaceException of(String doing, SQLException e) {
        return new DatasurfaceException(doing + " failed: " + SqlFaults.message(e),
                doing + " failed: " + SqlFaults.messageWithoutData(e), SqlFaults.retriable(e), e);
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
            return DatasurfaceException.keyTwice(table, key, key.replaceFirst("\\)=\\(.*$", ")"), e);
        }
        if ("23502".equals(e.getSQLState())) {
            String column = server == null || server.getColumn() == null ? "a key column" : "'" + server.getColumn() + "'";
            return new DatasurfaceException(table + ": the snapshot has a row whose key column " + column
                    + " is NULL; fix the source, keys must not be NULL", false, e);
        }
        return of("loading rows into a merge table", e);
    }
}

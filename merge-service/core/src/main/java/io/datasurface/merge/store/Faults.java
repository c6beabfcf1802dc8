package io.datasurface.merge.store;

import io.datasurface.model.fault.DatasurfaceException;
import java.sql.SQLException;

/** Turns database errors into {@link DatasurfaceException}s that say whether a retry may help. */
public final class Faults {
    private Faults() {
    }

    /**
     * @param doing what was being done, e.g. "merging dataset customers"
     */
    public static DatasurfaceException of(String doing, SQLException e) {
        return new DatasurfaceException(doing + " failed: " + message(e), retriable(e), e);
    }

    /** Connection problems (08), lock and serialization conflicts (40, 55P03), shutdown (57P) may pass. */
    public static boolean retriable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return true; // an I/O error without a SQL state: the connection broke
        }
        return state.startsWith("08") || state.startsWith("40") || state.equals("55P03") || state.startsWith("57P")
                || state.equals("53300");
    }

    /** The server's message without the JDBC driver's prefixes; never contains credentials. */
    public static String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceFirst("^ERROR: ", "").replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}

package io.datasurface.executions;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Database faults as one-line messages: what failed, where, and the driver's reason with its causes. */
final class Faults {
    private Faults() {
    }

    static DatasurfaceException cannotConnect(String database, SQLException e) {
        return new DatasurfaceException("cannot connect to the executions database at " + database + ": "
                + reason(e), SqlFaults.retriable(e), e);
    }

    static DatasurfaceException failed(String database, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return new DatasurfaceException("the executions database at " + database + " failed: " + reason(e)
                + (state.isEmpty() ? "" : " (SQL state " + state + ")"), SqlFaults.retriable(e), e);
    }

    /** The message and those of its causes that add something, on one line. */
    static String reason(Throwable e) {
        List<String> parts = new ArrayList<>();
        String all = "";
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName()
                    : t == e ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (t.getMessage() != null && all.contains(t.getMessage())) {
                continue;
            }
            parts.add(m);
            all += m;
        }
        return String.join(" (", parts).replaceAll("\\s+", " ").strip()
                + ")".repeat(Math.max(0, parts.size() - 1));
    }
}

package io.datasurface.cli;

import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens database connections with messages that name the address but never a password. */
final class Connections {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private Connections() {
    }

    /**
     * @param what what the database is, for messages: "the merge store", "the source of customers"
     */
    static Connection open(DatabaseUrl url, String what) {
        Properties props = new Properties();
        url.credential().ifPresent(c -> {
            props.setProperty("user", c.user());
            props.setProperty("password", c.password());
        });
        if (url.jdbcUrl().startsWith("jdbc:postgresql:")) {
            props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("ApplicationName", "datasurface");
        }
        try {
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // drivers may echo the URL ("No suitable driver found for …"): never let a password through
            String safe = DatabaseUrl.redact(reason.replace(url.jdbcUrl(), url.redacted()));
            if (url.credential().isPresent() && !url.credential().get().password().isEmpty()) {
                safe = safe.replace(url.credential().get().password(), "****");
            }
            boolean noDriver = reason.startsWith("No suitable driver");
            if (noDriver) {
                safe = "no JDBC driver understands this URL; check its spelling (jdbc:postgresql://… or jdbc:h2:…)";
            }
            boolean retriable = !noDriver && (e.getSQLState() == null || e.getSQLState().startsWith("08"));
            throw new DatasurfaceException("cannot connect to " + what + " at " + url.redacted() + ": " + safe,
                    retriable, e);
        }
    }
}

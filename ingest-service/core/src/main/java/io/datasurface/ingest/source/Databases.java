package io.datasurface.ingest.source;

import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import io.datasurface.model.graph.ContainerSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where a database the model names is and how to open it, the same for the ingest-service and the command
 * line: the address from the graph (or one the user gave instead), the login from a credential store unless
 * the address carries one. Every connection is opened here, and only to a URL the {@link JdbcPolicy} allows:
 * PostgreSQL without parameters that load classes or touch files, and H2 only where the caller enables it
 * (tests and local trials). Messages name the address, never a password.
 */
public final class Databases {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private Databases() {
    }

    /**
     * The address of a database of the graph, with its named credential.
     *
     * @param what what the database is, for messages: "the merge store", "the source of crm"
     * @throws DatasurfaceException (not retriable) when the model gives no address
     */
    public static DatabaseUrl address(ContainerSpec container, String credential, CredentialStore credentials,
                                      String what) {
        if (container == null) {
            throw new DatasurfaceException("the model gives no address for " + what, false);
        }
        DatabaseUrl url;
        if ("jdbc".equals(container.kind())) {
            url = DatabaseUrl.parse(container.url());
        } else if (container.host() == null || container.database() == null) {
            throw new DatasurfaceException("the model gives no host or database for " + what, false);
        } else {
            try {
                url = DatabaseUrl.postgres(container.host(), container.port() == null ? 5432 : container.port(),
                        container.database());
            } catch (IllegalArgumentException e) {
                throw new DatasurfaceException("the model's address of " + what + " is refused: " + e.getMessage(),
                        false);
            }
        }
        return withCredential(url, credential, credentials);
    }

    /** The address with the named credential, unless it carries a user of its own or none is named. */
    public static DatabaseUrl withCredential(DatabaseUrl url, String credential, CredentialStore credentials) {
        return url.carriesUser() || credential == null ? url : url.withDefaultCredential(credentials.get(credential));
    }

    /** A new connection to a PostgreSQL database: {@link #open(DatabaseUrl, String, String, JdbcPolicy)}. */
    public static Connection open(DatabaseUrl url, String what, String applicationName) {
        return open(url, what, applicationName, JdbcPolicy.POSTGRES_ONLY);
    }

    /**
     * A new connection, given up after 10 s when a PostgreSQL server does not answer.
     *
     * @param what            what the database is, for messages
     * @param applicationName the name the connection shows in the server's activity (PostgreSQL)
     * @param policy          which drivers and parameters may be used
     * @throws DatasurfaceException when the policy refuses the URL (not retriable), the database cannot be
     *                              reached (retriable) or refuses the login (not)
     */
    public static Connection open(DatabaseUrl url, String what, String applicationName, JdbcPolicy policy) {
        policy.refusal(url.jdbcUrl()).ifPresent(reason -> {
            throw new DatasurfaceException("cannot connect to " + what + " at " + url.redacted() + ": " + reason,
                    false);
        });
        Properties props = new Properties();
        url.credential().ifPresent(c -> {
            props.setProperty("user", c.user());
            props.setProperty("password", c.password());
        });
        boolean postgres = url.jdbcUrl().startsWith("jdbc:postgresql:");
        if (postgres) {
            props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("ApplicationName", applicationName);
        }
        try {
            if (postgres) {
                // straight to the driver: some class loaders (Quarkus's) hide it from DriverManager
                Connection c = new org.postgresql.Driver().connect(url.jdbcUrl(), props);
                if (c == null) {
                    throw new SQLException("the PostgreSQL driver does not accept " + url.redacted(), "08001");
                }
                return c;
            }
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean noDriver = reason.startsWith("No suitable driver");
            if (noDriver) {
                reason = "no JDBC driver understands this URL; check its spelling (jdbc:postgresql://…)";
            } else {
                // drivers may echo the URL or the password: never let a password through
                String redacted = DatabaseUrl.redact(reason.replace(url.jdbcUrl(), url.redacted()));
                reason = url.credential().map(c -> c.hiddenIn(redacted)).orElse(redacted);
            }
            throw new DatasurfaceException("cannot connect to " + what + " at " + url.redacted() + ": " + reason,
                    !noDriver && SqlFaults.retriable(e), e);
        }
    }
}

package io.datasurface.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.Driver;

/**
 * A real PostgreSQL server (15, 16 or 17) run as a child process from zonky's embedded binaries,
 * listening on 127.0.0.1, with {@code wal_level=logical} for change data capture. The superuser is
 * {@code postgres}; authentication is {@code trust}.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V16).start()) {
 *     pg.createDatabase("orders");
 *     Connection c = DriverManager.getConnection(pg.jdbcUrl("orders"), pg.user(), pg.password());
 * }
 * }</pre>
 *
 * <p>By default the data directory is temporary and fsync is off (fast, not crash safe). For local
 * use, {@link Builder#dataDirectory(Path)} keeps the data and {@link Builder#durable(boolean)} turns
 * fsync and synchronous commit on.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final String DUPLICATE_DATABASE = "42P04";

    private final EmbeddedPostgres postgres;
    private final PostgresVersion version;
    private final Path dataDirectory;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    EmbeddedPostgresServer(EmbeddedPostgres postgres, PostgresVersion version, Path dataDirectory, Duration startupTime) {
        this.postgres = postgres;
        this.version = version;
        this.dataDirectory = dataDirectory;
        this.startupTime = startupTime;
    }

    /** @return a builder for a PostgreSQL 17 server on a free port with a temporary data directory */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param database a database name, e.g. {@code postgres} or one made by {@link #createDatabase}
     * @return a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5433/orders?user=postgres}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + Objects.requireNonNull(database, "database")
                + "?user=" + SUPERUSER;
    }

    /**
     * Creates a database owned by the superuser if it does not exist yet; safe to call repeatedly
     * and concurrently.
     *
     * @param name database name (any characters; it is quoted)
     */
    public void createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("database name must not be empty");
        }
        try (Connection c = connect("postgres")) {
            if (!databaseExists(c, name)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + quoteIdentifier(name));
                }
            }
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new EmbeddedStartException("Could not create database '" + name + "' on " + this + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Opens a connection as the superuser, without going through {@link DriverManager} (so it also
     * works under class loaders that hide the driver from it).
     *
     * @param database the database to connect to
     * @return a new connection; the caller closes it
     * @throws SQLException if the connection fails
     */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password());
        return new Driver().connect(jdbcUrl(database), props);
    }

    /** @return the TCP port on 127.0.0.1 */
    public int port() {
        return postgres.getPort();
    }

    /** @return {@code 127.0.0.1} */
    public String host() {
        return HOST;
    }

    /** @return the superuser name, {@code postgres} */
    public String user() {
        return SUPERUSER;
    }

    /**
     * @return {@code postgres}; the server trusts local connections, so any password works, this
     *         one is for clients that insist on having one
     */
    public String password() {
        return SUPERUSER;
    }

    /** @return the PostgreSQL major version this server runs */
    public PostgresVersion version() {
        return version;
    }

    /** @return the data directory, or null if it is a temporary one that close() deletes */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** @return how long {@link Builder#start()} took until the server accepted connections */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the server (fast shutdown) and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not stop " + this + ": " + e.getMessage()
                    + ". A postgres process may be left running; stop it with pg_ctl or kill.", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[PostgreSQL " + version.major() + " on " + HOST + ":" + port() + "]";
    }

    private static boolean databaseExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Configures and starts an {@link EmbeddedPostgresServer}. */
    public static final class Builder {

        private PostgresVersion version = PostgresVersion.DEFAULT;
        private int port;
        private Path dataDirectory;
        private boolean durable;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param version the PostgreSQL major version (default 17)
         * @return this builder
         */
        public Builder version(PostgresVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * @param port port on 127.0.0.1; 0 (the default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the data in this directory: initialised on first use, reused afterwards, never
         * deleted. It must have been initialised by the same major version.
         *
         * @param directory the data directory; null (the default) for a temporary one
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * @param durable true for fsync and synchronous commit (crash safe, slower); the default,
         *                false, turns both off as zonky does
         * @return this builder
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * Sets one server parameter, passed as {@code -c key=value}; it wins over the defaults.
         *
         * @param key   a postgresql.conf parameter
         * @param value its value
         * @return this builder
         */
        public Builder serverConfig(String key, String value) {
            serverConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param timeout how long to wait for the server to accept connections (default 30 s)
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts the server and waits until it accepts connections.
         *
         * @return the running server
         * @throws EmbeddedStartException if the binaries are missing or the server cannot start
         */
        public EmbeddedPostgresServer start() {
            return PostgresLauncher.launch(version, port, dataDirectory, durable, serverConfig, startupTimeout);
        }
    }
}

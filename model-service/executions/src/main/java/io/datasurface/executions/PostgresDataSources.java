package io.datasurface.executions;

import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * A PostgreSQL {@link DataSource} for a {@link DatabaseUrl}. A user and password given as JDBC URL
 * parameters are moved out of the URL into connection properties, so that neither the driver nor
 * Flyway ever sees, logs or reports a URL that holds a password. Connections come straight from the
 * driver (no {@code DriverManager}), so any class loader works.
 */
final class PostgresDataSources {
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private PostgresDataSources() {
    }

    static Source of(DatabaseUrl url) {
        String jdbc = url.jdbcUrl();
        if (!jdbc.startsWith("jdbc:postgresql:")) {
            throw new DatasurfaceException("executions are kept in PostgreSQL: the database URL '" + url.redacted()
                    + "' must be jdbc:postgresql://HOST:PORT/DB or postgresql://USER:PASSWORD@HOST:PORT/DB", false);
        }
        Properties props = new Properties();
        int question = jdbc.indexOf('?');
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String parameter : jdbc.substring(question + 1).split("&")) {
                String[] kv = parameter.split("=", 2);
                String key = kv[0].toLowerCase(Locale.ROOT);
                if (key.equals("user") || key.equals("password")) {
                    props.setProperty(key, kv.length > 1 ? decode(kv[1]) : "");
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        url.credential().ifPresent(c -> {
            props.setProperty("user", c.user());
            props.setProperty("password", c.password());
        });
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "datasurface executions");
        String address = question < 0 ? jdbc : jdbc.substring(0, question);
        String withoutCredentials = kept.isEmpty() ? address : address + "?" + String.join("&", kept);
        if (Driver.parseURL(withoutCredentials, null) == null) {
            throw new DatasurfaceException("the database URL '" + url.redacted() + "' is not understood by the "
                    + "PostgreSQL driver; write jdbc:postgresql://HOST:PORT/DB", false);
        }
        return new Source(withoutCredentials, props);
    }

    /** pgjdbc decodes parameter values the same way. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Connections to one URL (without credentials) with fixed properties. */
    static final class Source implements DataSource {
        private final Driver driver = new Driver();
        private final String url;
        private final Properties props;

        private Source(String url, Properties props) {
            this.url = url;
            this.props = props;
        }

        /** @return the URL the driver gets: never a user or password */
        String url() {
            return url;
        }

        String user() {
            return props.getProperty("user");
        }

        String password() {
            return props.getProperty("password");
        }

        @Override
        public Connection getConnection() throws SQLException {
            return driver.connect(url, props);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties own = new Properties();
            own.putAll(props);
            own.setProperty("user", user);
            own.setProperty("password", password);
            return driver.connect(url, own);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // the driver logs through java.util.logging
        }

        @Override
        public void setLoginTimeout(int seconds) {
            props.setProperty("loginTimeout", Integer.toString(seconds));
        }

        @Override
        public int getLoginTimeout() {
            return Integer.parseInt(props.getProperty("loginTimeout", "0"));
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return Logger.getLogger("org.postgresql");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper for " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public String toString() {
            return url;
        }
    }
}

package io.datasurface.migrations;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands Flyway the caller's connection, which Flyway may not close. The merge engine
 * works on one connection and holds no credentials to open another; and the migration then runs in the
 * session that holds the schema's migration lock. Flyway's PostgreSQL support uses a single connection
 * when its lock is not transactional ({@code flyway.postgresql.transactional.lock=false}), so nothing else
 * shares the session meanwhile.
 */
final class OneConnection implements DataSource {
    private final Connection proxy;

    OneConnection(Connection connection) {
        this.proxy = (Connection) Proxy.newProxyInstance(OneConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null; // the caller's to close
                        case "equals":
                            return p == args[0];
                        case "hashCode":
                            return System.identityHashCode(p);
                        default:
                            break;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection() {
        return proxy;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return proxy;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}

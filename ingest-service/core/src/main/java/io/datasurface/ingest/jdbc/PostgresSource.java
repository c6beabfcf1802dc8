package io.datasurface.ingest.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * PostgreSQL sources: server-prepared statements from the first execution, so rows arrive in binary
 * form, which decodes about 15% faster than text (measured by the merge benchmark). Loaded only when
 * the source is PostgreSQL, so other sources need no PostgreSQL driver.
 */
final class PostgresSource {
    private PostgresSource() {
    }

    static void preferBinary(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            connection.unwrap(PGConnection.class).setPrepareThreshold(-1);
        }
    }
}

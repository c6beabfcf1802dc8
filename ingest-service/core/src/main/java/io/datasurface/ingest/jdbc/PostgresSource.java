package io.datasurface.ingest.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TypeInfo;

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

    /**
     * The base types of a table's domain columns, by column name. The driver reports a domain column as
     * JDBC type DISTINCT with its base's JDBC type but not the base's name, length or precision; the
     * driver's type cache gives them from the base type's oid and modifier.
     *
     * @param sql {@link SourceDialect#domainBases()}
     */
    static Map<String, SourceType> domainBases(Connection connection, String sql, String qualifiedTable)
            throws SQLException {
        TypeInfo types = connection.unwrap(BaseConnection.class).getTypeInfo();
        Map<String, SourceType> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, qualifiedTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int oid = (int) rs.getLong(2);
                    int mod = rs.getInt(3);
                    out.put(rs.getString(1), SourceType.of(types.getSQLType(oid), types.getPGType(oid),
                            types.getPrecision(oid, mod), types.getScale(oid, mod)));
                }
            }
        }
        return out;
    }

    /**
     * The columns of a table whose types the model carries as text (json, interval, arrays, enums…, also
     * under a domain), classified from the server's own type names; other columns are left out.
     *
     * @param sql {@link SourceDialect#postgresColumnTypes()}
     */
    static Map<String, SourceType> textCarried(Connection connection, String sql, String qualifiedTable)
            throws SQLException {
        Map<String, SourceType> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, qualifiedTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array labels = rs.getArray(3);
                    List<String> enumLabels = labels == null ? null
                            : Arrays.stream((Object[]) labels.getArray()).map(String::valueOf).toList();
                    SourceType type = SourceType.postgres(rs.getString(2), enumLabels);
                    if (type != null) {
                        out.put(rs.getString(1), type);
                    }
                }
            }
        }
        return out;
    }
}

package io.datasurface.ingest;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A fresh, empty source database of one engine for one test: a new database on the shared embedded
 * PostgreSQL server of a version, or a new H2 database in memory or in a file.
 */
public abstract class SourceDb {

    /**
     * The databases that the reader tests run on, as the parameter of a {@code @ParameterizedClass}
     * over {@code @EnumSource(SourceDb.Kind.class)}; each shows as its name, e.g. {@code PostgreSQL 16}.
     */
    public enum Kind {
        H2_MEMORY("H2 in memory", null),
        H2_FILE("H2 file", null),
        POSTGRES_15("PostgreSQL 15", PostgresVersion.V15),
        POSTGRES_16("PostgreSQL 16", PostgresVersion.V16),
        POSTGRES_17("PostgreSQL 17", PostgresVersion.V17);

        private final String label;
        private final PostgresVersion postgres;

        Kind(String label, PostgresVersion postgres) {
            this.label = label;
            this.postgres = postgres;
        }

        /** A fresh, empty database of this kind; an H2 file database is made in {@code directory}. */
        public SourceDb open(Path directory) {
            return switch (this) {
                case H2_MEMORY -> h2Memory();
                case H2_FILE -> h2File(directory);
                case POSTGRES_15, POSTGRES_16, POSTGRES_17 -> postgres(postgres);
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static SourceDb postgres(PostgresVersion version) {
        return new Postgres(PostgresExtension.server(version));
    }

    public static SourceDb h2Memory() {
        return new H2("jdbc:h2:mem:" + unique() + ";DB_CLOSE_DELAY=-1", "H2 in memory");
    }

    public static SourceDb h2File(Path directory) {
        return new H2("jdbc:h2:file:" + directory.resolve(unique()).toAbsolutePath(), "H2 file");
    }

    /** A new connection with the driver's defaults (autocommit on). */
    public abstract Connection connect() throws SQLException;

    public abstract boolean isPostgres();

    /** The product name as it appears in messages, e.g. {@code PostgreSQL} or {@code H2}. */
    public abstract String product();

    /** The schema unquoted tables land in. */
    public abstract String defaultSchema();

    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Inserts rows with bind parameters ({@code setObject}), in one transaction. */
    public void insert(String table, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(rows.get(0).size(), "?"));
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            c.setAutoCommit(false);
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    ps.setObject(i + 1, row.get(i));
                }
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Rows of a query; column i is read with {@code getObject(i, types[i])}, or {@code getObject(i)}
     * when no types are given.
     */
    public List<List<Object>> query(String sql, Class<?>... types) {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(types.length == 0 ? rs.getObject(i) : rs.getObject(i, types[i - 1]));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    private static String unique() {
        return "ingest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static final class Postgres extends SourceDb {
        private final EmbeddedPostgresServer server;
        private final String database = unique();

        Postgres(EmbeddedPostgresServer server) {
            this.server = server;
            server.createDatabase(database);
        }

        @Override
        public Connection connect() throws SQLException {
            return server.connect(database);
        }

        @Override
        public boolean isPostgres() {
            return true;
        }

        @Override
        public String product() {
            return "PostgreSQL " + server.version().major();
        }

        @Override
        public String defaultSchema() {
            return "public";
        }

        @Override
        public String toString() {
            return "PostgreSQL " + server.version().major();
        }
    }

    private static final class H2 extends SourceDb {
        private final String url;
        private final String label;

        H2(String url, String label) {
            this.url = url;
            this.label = label;
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        @Override
        public boolean isPostgres() {
            return false;
        }

        @Override
        public String product() {
            return "H2";
        }

        @Override
        public String defaultSchema() {
            return "PUBLIC";
        }

        @Override
        public String toString() {
            return label;
        }
    }
}

package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddedPostgresServerIT {

    @ParameterizedTest
    @EnumSource(PostgresVersion.class)
    void startsTheRequestedVersionReadyForLogicalDecoding(PostgresVersion version) throws SQLException {
        EmbeddedPostgresServer pg = PostgresExtension.server(version);
        System.out.println("Shared PostgreSQL " + version.major() + " on port " + pg.port() + " started in "
                + pg.startupTime().toMillis() + " ms");

        try (Connection c = pg.connect("postgres")) {
            assertThat(Integer.parseInt(show(c, "server_version_num")) / 10_000).isEqualTo(version.major());
            assertThat(show(c, "wal_level")).isEqualTo("logical");
            assertThat(Integer.parseInt(show(c, "max_replication_slots"))).isGreaterThanOrEqualTo(10);
            assertThat(Integer.parseInt(show(c, "max_wal_senders"))).isGreaterThanOrEqualTo(10);
            assertThat(show(c, "listen_addresses")).isEqualTo("127.0.0.1");
        }
        assertThat(pg.version()).isEqualTo(version);
    }

    @ParameterizedTest
    @EnumSource(PostgresVersion.class)
    void createDatabaseIsIdempotentAndConnectable(PostgresVersion version) throws SQLException {
        EmbeddedPostgresServer pg = PostgresExtension.server(version);
        String name = "Created-Db";

        pg.createDatabase(name);
        pg.createDatabase(name);

        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(name)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(name);
            assertThat(rs.getString(2)).isEqualTo(pg.user());
        }
    }

    static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

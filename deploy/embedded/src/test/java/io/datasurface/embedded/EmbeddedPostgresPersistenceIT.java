package io.datasurface.embedded;

import static io.datasurface.embedded.EmbeddedPostgresServerIT.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresPersistenceIT {

    @Test
    void durableServerKeepsItsDataAcrossRestarts(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.builder().dataDirectory(dir).durable(true).start()) {
            first.createDatabase("kept");
            try (Connection c = first.connect("kept"); Statement s = c.createStatement()) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                s.execute("CREATE TABLE t (v text)");
                s.execute("INSERT INTO t VALUES ('survives')");
            }
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.builder().dataDirectory(dir).durable(true).start()) {
            System.out.println("PostgreSQL 17 restarted on existing data in " + second.startupTime().toMillis() + " ms");
            try (Connection c = second.connect("kept"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }
        }
        assertThat(dir.resolve("PG_VERSION")).exists();

        assertThatThrownBy(() -> EmbeddedPostgresServer.builder().version(PostgresVersion.V16).dataDirectory(dir).start())
                .isInstanceOf(EmbeddedStartException.class)
                .hasMessageContaining("initialised by PostgreSQL 17");
    }

    @Test
    void defaultServerIsFastNotDurable() throws SQLException {
        try (Connection c = PostgresExtension.server().connect("postgres")) {
            assertThat(show(c, "fsync")).isEqualTo("off");
            assertThat(show(c, "synchronous_commit")).isEqualTo("off");
        }
    }
}

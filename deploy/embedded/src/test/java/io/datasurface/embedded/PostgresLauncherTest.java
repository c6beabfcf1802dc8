package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLauncherTest {

    @Test
    void refusesDataOfAnotherMajorVersion(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("PG_VERSION"), "16\n");

        assertThatThrownBy(() -> PostgresLauncher.checkDataDirectory(dir, PostgresVersion.V17))
                .isInstanceOf(EmbeddedStartException.class)
                .hasMessageContaining("initialised by PostgreSQL 16, not 17");
    }

    @Test
    void refusesANonEmptyDirectoryWithoutPostgresData(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> PostgresLauncher.checkDataDirectory(dir, PostgresVersion.V17))
                .isInstanceOf(EmbeddedStartException.class)
                .hasMessageContaining("holds no PostgreSQL data");
    }

    @Test
    void acceptsAnEmptyDirectoryOrOwnData(@TempDir Path dir) throws IOException {
        PostgresLauncher.checkDataDirectory(dir, PostgresVersion.V15);
        Files.writeString(dir.resolve("PG_VERSION"), "15\n");
        PostgresLauncher.checkDataDirectory(dir, PostgresVersion.V15);
    }

    @Test
    void quotesDatabaseNames() {
        assertThat(EmbeddedPostgresServer.quoteIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}

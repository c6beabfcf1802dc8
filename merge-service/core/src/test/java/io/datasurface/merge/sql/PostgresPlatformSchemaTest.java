package io.datasurface.merge.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PostgresPlatformSchemaTest {
    @Test
    void theListOfScriptsIsEveryScriptInTheMigrationFolderOldestFirst() throws IOException, URISyntaxException {
        Path folder = Path.of(PostgresPlatformSchema.class.getClassLoader().getResource(PostgresPlatformSchema.LOCATION)
                .toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(PostgresPlatformSchema.SCRIPTS);
        }
        assertThat(PostgresPlatformSchema.of("yellow_live").schema()).as("names and order checked").isEqualTo("yellow_live");
    }
}

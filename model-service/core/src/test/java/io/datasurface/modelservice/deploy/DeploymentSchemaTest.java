package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DeploymentSchemaTest {
    @Test
    void theListOfScriptsIsEveryScriptInTheMigrationFolderOldestFirst() throws IOException, URISyntaxException {
        Path folder = Path.of(DeploymentSchema.class.getClassLoader().getResource(DeploymentSchema.LOCATION).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(DeploymentSchema.SCRIPTS);
        }
        assertThat(DeploymentSchema.migrations().schema()).as("names and order checked").isEqualTo(DeploymentSchema.SCHEMA);
    }
}

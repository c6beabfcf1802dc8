package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelChecksumsTest {
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path base;

    private void write(String file, String content) throws IOException {
        Path p = base.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"customers.sql, customers", "a.b.sql, a.b", "Makefile, Makefile", ".env, .env", "x., x"})
    void aModelIsNamedByItsFileNameWithoutExtension(String file, String name) {
        assertThat(ModelChecksums.modelName(file)).isEqualTo(name);
    }

    @Test
    void filesAreChecksummedWithSha256OfTheirBytes() throws IOException {
        write("load/abc.sql", "abc");
        write("load/sub/other.json", "{}");
        ModelChecksums models = ModelChecksums.ofFiles(base.resolve("load"), List.of("**/*.sql", "**/*.json"));
        assertThat(models.checksums()).containsOnlyKeys("abc", "other").containsEntry("abc", SHA256_OF_ABC);
        assertThat(models.models()).first().extracting(ModelChecksum::source).isEqualTo(Optional.of("abc.sql"));
        assertThat(models.basePath()).contains(base.resolve("load").toAbsolutePath().normalize());
    }

    @Test
    void twoFilesWithTheSameNameAreAnErrorNamingBoth() throws IOException {
        write("customers.sql", "a");
        write("json/customers.json", "b");
        assertThatThrownBy(() -> ModelChecksums.ofFiles(base, List.of("*.sql", "**/*.json")))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("'customers.sql'")
                .hasMessageContaining("'json/customers.json'")
                .hasMessageContaining("'customers'");
    }

    @Test
    void aFileMatchedByTwoPatternsCountsOnce() throws IOException {
        write("orders.sql", "x");
        assertThat(ModelChecksums.ofFiles(base, List.of("*.sql", "**/*.sql", "orders.*")).checksums())
                .containsOnlyKeys("orders");
    }

    @Test
    void patternsMatchingNothingGiveAStepWithoutModels() {
        assertThat(ModelChecksums.ofFiles(base, List.of("*.sql")).models()).isEmpty();
    }

    @Test
    void aMalformedPatternIsAnErrorEvenWhenOthersAreFine() {
        assertThatThrownBy(() -> ModelChecksums.ofFiles(base, List.of("*.sql", "[x")))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("'[x' is malformed");
    }

    @Test
    void aBasePathThatIsNoFolderIsAnError() {
        assertThatThrownBy(() -> ModelChecksums.ofFiles(base.resolve("nope"), List.of("*.sql")))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void modelsGivenDirectlyAsBytesOrChecksums() {
        assertThat(ModelChecksums.ofContents(Map.of("m", "abc".getBytes(StandardCharsets.UTF_8))).checksums())
                .containsEntry("m", SHA256_OF_ABC);
        assertThat(ModelChecksums.ofChecksums(Map.of("m", SHA256_OF_ABC.toUpperCase())).checksums())
                .containsEntry("m", SHA256_OF_ABC);
        assertThatThrownBy(() -> ModelChecksums.ofChecksums(Map.of("m", "abc")))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("not a SHA-256");
        assertThatThrownBy(() -> ModelChecksums.ofChecksums(Map.of("", SHA256_OF_ABC)))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("name is empty");
    }
}

package io.datasurface.model.load;

import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.problem.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model or a file over its size limits is reported with the limit, and nothing of it is used. */
class ModelLimitsTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir.resolve("model"));
    }

    @Test
    void aFileOverTheLimitIsNotReadAndNamesTheLimit() throws IOException {
        var fx = base();
        String padding = "# " + "x".repeat(1000) + "\n";
        String store = ModelFixture.storeDoc("big", "rows") + padding.repeat((int) (ModelLimits.MAX_FILE_BYTES / padding.length()) + 1);
        fx.write("zones/big.yaml", store);
        assertThat(Files.size(fx.root().resolve("zones/big.yaml"))).isGreaterThan(ModelLimits.MAX_FILE_BYTES);
        List<Problem> problems = fx.validate();
        assertThat(problems).singleElement().satisfies(error("zones/big.yaml", 0, "file-too-large",
                "a model file may hold at most 4 MiB", "split it into several files"));
        assertThat(fx.load().model().datastore("big")).isEmpty();
    }

    @Test
    void aFileJustUnderTheLimitIsRead() throws IOException {
        var fx = base();
        String store = ModelFixture.storeDoc("big", "rows");
        String line = "# " + "x".repeat(1000) + "\n";
        int lines = (int) ((ModelLimits.MAX_FILE_BYTES - store.length()) / line.length());
        String rest = "#".repeat((int) (ModelLimits.MAX_FILE_BYTES - store.length() - (long) lines * line.length()) - 1);
        fx.write("zones/big.yaml", store + line.repeat(lines) + rest + "\n");
        assertThat(Files.size(fx.root().resolve("zones/big.yaml"))).isEqualTo(ModelLimits.MAX_FILE_BYTES);
        assertThat(fx.validate()).isEmpty();
        assertThat(fx.load().model().datastore("big")).isPresent();
    }

    @Test
    void aMappingFileOverTheLimitIsNotRead() {
        var fx = base();
        fx.write(MAPPING, "[" + " ".repeat((int) ModelLimits.MAX_FILE_BYTES) + "]");
        assertThat(fx.load().problems()).singleElement().satisfies(error(MAPPING, 0, "file-too-large", "4 MiB"));
    }

    @Test
    @DisplayName("a model over 128 MiB is refused from the file sizes alone, before anything is parsed")
    void aModelOverTheLimitIsRefusedWhole() throws IOException {
        var fx = base();
        long files = ModelLimits.MAX_MODEL_BYTES / ModelLimits.MAX_FILE_BYTES + 1;
        for (int i = 0; i < files; i++) {
            // sparse files: as large as the limit allows for one file, without writing their bytes
            try (RandomAccessFile f = new RandomAccessFile(fx.root().resolve("zones/part" + i + ".yaml").toFile(), "rw")) {
                f.setLength(ModelLimits.MAX_FILE_BYTES);
            }
        }
        long started = System.nanoTime();
        var result = Linter.validate(fx.root());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nothing is parsed").isLessThan(Duration.ofSeconds(5));
        assertThat(result.problems()).singleElement().satisfies(error(".", 0, "model-too-large",
                "the model's files hold 132.0 MiB", "a model may hold at most 128 MiB", "nothing was read"));
        assertThat(result.model().ecosystem()).isEmpty();
        assertThat(result.model().datastores()).isEmpty();
    }

    @Test
    void aModelOfTooManyFilesIsRefusedWhole() throws IOException {
        var fx = base();
        Files.createFile(fx.root().resolve("zones/one-more.yml"));
        var result = ModelLoader.load(fx.root(), limits(5, ModelLimits.MAX_MODEL_NODES));
        assertThat(result.problems()).singleElement().satisfies(error(".", 0, "model-too-large",
                "the model has 6 files; a model may have at most 5 (nothing was read)", "put more objects in each file"));
        assertThat(ModelLoader.load(fx.root(), limits(6, ModelLimits.MAX_MODEL_NODES)).problems())
                .noneMatch(p -> p.rule().equals("model-too-large"));
    }

    @Test
    @DisplayName("a model of more YAML nodes than the limit is refused whole, whatever its bytes")
    void aModelOfTooManyNodesIsRefusedWhole() {
        var fx = base();
        var result = ModelLoader.load(fx.root(), limits(ModelLimits.MAX_FILES, 100));
        assertThat(result.problems()).singleElement().satisfies(error(".", 0, "model-too-large",
                "the model holds more than 100 YAML nodes (keys, values, lists, mappings), the most a model may hold (none of it is used)"));
        assertThat(result.model().datastores()).isEmpty();
    }

    @Test
    void aLongLineIsRefusedBeforeTheParserMeetsIt() {
        var fx = base().write("zones/long.yaml", "kind: Workspace\nname: long\ndocumentation: " + "x".repeat(
                ModelLimits.MAX_LINE_CHARS) + "\nteam: analytics\n");
        assertThat(fx.validate()).singleElement().satisfies(error("zones/long.yaml", 3, "file-too-large",
                "line 3 has 65,551 characters; a model line may have at most 65,536", "folded (>)"));
    }

    private static ModelLimits.Limits limits(int files, long nodes) {
        var d = ModelLimits.Limits.DEFAULT;
        return new ModelLimits.Limits(d.fileBytes(), d.lineChars(), d.documentsPerFile(), d.modelBytes(),
                files, nodes);
    }

    @Test
    void sizesReadAsUsersWriteThem() {
        assertThat(ModelLimits.bytes(4L * 1024 * 1024)).isEqualTo("4 MiB");
        assertThat(ModelLimits.bytes(132L * 1024 * 1024 + 1)).isEqualTo("132.0 MiB");
        assertThat(ModelLimits.bytes(512 * 1024)).isEqualTo("512 KiB");
        assertThat(ModelLimits.bytes(1234)).isEqualTo("1,234 bytes");
    }

    @Test
    @DisplayName("a billion laughs (nested aliases of lists: 10^9 nodes in 12 lines) is refused at its line, at once")
    void billionLaughsAreRefused() {
        StringBuilder yaml = new StringBuilder("kind: Workspace\nname: lol\nteam: analytics\n");
        yaml.append("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        var fx = base().write("zones/lol.yaml", yaml.toString());
        long started = System.nanoTime();
        List<Problem> problems = fx.validate();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(problems).singleElement().satisfies(error("zones/lol.yaml", 5, "yaml-alias",
                "the list '&l0' of line 4 is used again through an alias", "an alias may repeat a single value only"));
        assertThat(fx.load().model().workspace("lol")).isEmpty();
    }

    @Test
    void aListThatHoldsItselfIsRefused() {
        var fx = base().write("zones/loop.yaml", "kind: Workspace\nname: loop\nteam: analytics\n"
                + "datasetGroups: &g\n  - name: g\n    sinks: *g\n");
        assertThat(fx.validate()).singleElement().satisfies(error("zones/loop.yaml", 6, "yaml-alias",
                "the list '&g' of line 4 is used again"));
    }

    @Test
    void aliasesOfSingleValuesAreFine() {
        var fx = base().edit(CUSTOMERS, 21, "type: varchar(20)", "type: &key varchar(20)")
                .edit(CUSTOMERS, 31, "type: varchar(20)", "type: *key");
        assertThat(fx.validate()).isEmpty();
    }
}

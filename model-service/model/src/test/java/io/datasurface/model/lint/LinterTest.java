package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter as a whole: no false positives on the reference model, and problems in report order. */
class LinterTest {
    @TempDir
    Path dir;

    @Test
    void mvpExampleValidatesWithoutAnyProblem() {
        var result = Linter.validate(ModelFixture.mvpExample());
        assertThat(result.problems()).isEmpty();
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void lintOfTheLoadedMvpModelFindsNothing() {
        assertThat(Linter.lint(ModelLoader.load(ModelFixture.mvpExample()).model())).isEmpty();
    }

    /** The tests' line numbers rely on the base model being the mvp example, byte for byte. */
    @Test
    void testBaseModelIsTheMvpExample() throws IOException {
        Path base = ModelFixture.resource("models/base");
        Path mvp = ModelFixture.mvpExample();
        List<String> modelFiles;
        try (Stream<Path> walk = Files.walk(mvp)) {
            modelFiles = walk.filter(Files::isRegularFile).map(p -> mvp.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".yaml") || f.endsWith(".json")).sorted().toList();
        }
        assertThat(modelFiles).containsExactly(MAPPING, ModelFixture.ECOSYSTEM, ANALYTICS, CUSTOMERS,
                ModelFixture.ZONE);
        for (String f : modelFiles) {
            assertThat(base.resolve(f)).as(f).hasSameBinaryContentAs(mvp.resolve(f));
        }
    }

    @Test
    void problemsOfLoaderAndLintComeTogetherInFileAndLineOrder() {
        var fx = ModelFixture.base(dir)
                .edit(CUSTOMERS, 24, "type: varchar(200)", "type: string")      // loader: unknown-type at 24
                .edit(CUSTOMERS, 21, "primaryKey: true", "primaryKey: true, nullable: true") // lint: nullable-key at 21
                .edit(ANALYTICS, 12, "customers/addresses]", "customers/adresses]")         // lint: unknown-sink
                .edit(MAPPING, 5, "\"yellow_forensic\"", "\"yellow_live\"");                 // lint: milestoning
        List<Problem> problems = fx.validate();
        assertThat(problems).satisfiesExactly(
                error(MAPPING, 5, "milestoning-mismatch"),
                error(ANALYTICS, 12, "unknown-sink"),
                error(CUSTOMERS, 21, "nullable-key"),
                error(CUSTOMERS, 24, "unknown-type"));
        assertThat(problems).isSortedAccordingTo(Problem.ORDER);
    }

    @Test
    void emptyFolderHasOnlyTheMissingEcosystem() {
        assertThat(Linter.validate(dir).problems()).singleElement()
                .satisfies(error(".", 0, "missing-ecosystem"));
    }

    @Test
    void problemPrintsAsSeverityFileLineMessage() {
        var fx = ModelFixture.base(dir).edit(CUSTOMERS, 21, "primaryKey: true", "primaryKey: true, nullable: true");
        assertThat(fx.validate()).singleElement().hasToString("ERROR " + CUSTOMERS + ":21: dataset "
                + "'customers/customers': key column 'id' must not be nullable; remove 'nullable: true'");
    }
}

package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ECOSYSTEM_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.Model;
import io.datasurface.model.ModelFixture;
import io.datasurface.model.change.ChangeChecker;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The corpus of broken model files ({@code src/test/resources/broken}, listed in {@code cases.csv}):
 * each is written into a copy of the base model (replacing the file of that name, or added), and must be
 * refused with an error at the file and line the case names, whose rule is the case's and whose message
 * says what it names — and must change nothing: no file of the model is touched, and validation, the
 * graph builder and the change checks run to the end instead of throwing.
 */
class BrokenModelsTest {
    private static final Path CORPUS = ModelFixture.resource("broken");
    private static final int AT_LEAST = 40;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {4} at {2}:{3}")
    @CsvFileSource(resources = "/broken/cases.csv", delimiter = '|', numLinesToSkip = 1)
    void aBrokenFileIsRefusedWithAClearErrorAndChangesNothing(String fixture, String writtenAs, String file, int line,
                                                              String rule, String fragment) throws IOException {
        Model base = ModelFixture.base(dir.resolve("base")).model();
        ModelFixture broken = ModelFixture.base(dir.resolve("broken"));
        Path target = broken.root().resolve(writtenAs);
        Files.createDirectories(target.getParent());
        Files.write(target, Files.readAllBytes(CORPUS.resolve(fixture)));
        Map<String, String> before = checksums(broken.root());

        LoadResult result = Linter.validate(broken.root());

        String all = result.problems().stream().map(Problem::toString).collect(Collectors.joining("\n  "));
        assertThat(result.hasErrors()).as("refused, so nothing would be deployed").isTrue();
        assertThat(result.problems()).as("problems:\n  " + all).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
            assertThat(p.rule()).isEqualTo(rule);
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(fragment);
        });
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.message())
                .as("a message says what to fix, not what the code did").doesNotContain("Exception", "\tat "));
        GraphBuilder.buildAll(result.model());
        ChangeChecker.check(base, result.model(), ECOSYSTEM_REPO);
        ChangeChecker.check(result.model(), base, ECOSYSTEM_REPO);
        assertThat(checksums(broken.root())).as("no file of the model changed").isEqualTo(before);
    }

    @Test
    @DisplayName("the corpus holds at least 40 broken files, each listed once in cases.csv")
    void everyFixtureIsACase() throws IOException {
        List<String> listed = Files.readAllLines(CORPUS.resolve("cases.csv")).stream().skip(1)
                .filter(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf('|'))).toList();
        List<String> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("cases.csv") && !n.equals("README.md"))
                    .sorted().toList();
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
        assertThat(files).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    }

    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                sums.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return sums;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {
    @TempDir
    Path base;

    @BeforeEach
    void files() throws IOException {
        for (String f : List.of("a.sql", "b.sql", "c.json", "README", ".hidden.sql",
                "sub/d.json", "sub/e.sql", "sub/deeper/f.json", "sub/.secret/g.json",
                "rel/path/x/y/h.csv", "rel/path/i.csv", "rel/other/j.csv", "group1/k.csv", "q1.txt", "q22.txt")) {
            Path p = base.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.createDirectories(base.resolve("folder.sql")); // a folder is never a model
    }

    private List<String> match(String pattern) {
        return Glob.compile(pattern).match(base).stream()
                .map(p -> base.relativize(p).toString().replace('\\', '/')).toList();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "*.sql | a.sql b.sql",
        "**/*.json | c.json sub/d.json sub/deeper/f.json",
        "./rel/path/**/*.csv | rel/path/i.csv rel/path/x/y/h.csv",
        "rel/path/**/*.csv | rel/path/i.csv rel/path/x/y/h.csv",
        "group1/*.csv | group1/k.csv",
        "sub/*.sql | sub/e.sql",
        "sub/** | sub/d.json sub/deeper/f.json sub/e.sql",
        "**/**/*.csv | group1/k.csv rel/other/j.csv rel/path/i.csv rel/path/x/y/h.csv",
        "q?.txt | q1.txt",
        "[ab].sql | a.sql b.sql",
        "[!a].sql | b.sql",
        "[a-b].sql | a.sql b.sql",
        "README | README",
        ".*.sql | .hidden.sql",
        "sub/.secret/*.json | sub/.secret/g.json",
        "sub//deeper/./f.json | sub/deeper/f.json",
    })
    void matchesAsPythonsRecursiveGlob(String pattern, String expected) {
        assertThat(match(pattern)).containsExactly(expected.split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*.yaml", "missing/**/*.sql", "nothing.here", "sub/*.csv"})
    void aPatternMatchingNothingIsFine(String pattern) {
        assertThat(match(pattern)).isEmpty();
    }

    @Test
    void wildcardsSkipHiddenFilesAndFolders() {
        assertThat(match("**/*")).doesNotContain(".hidden.sql", "sub/.secret/g.json").contains("README", "sub/e.sql");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\" | it is empty",
        "/etc/*.conf | it is absolute",
        "C:/models/*.sql | it is absolute",
        "../other/*.sql | '..' would leave BASE_PATH",
        "models/[ab.sql | '[' in '[ab.sql' is not closed",
        "**.sql | '**' must be a whole path segment",
        "[z-a].sql | invalid character range",
        "./ | it names no file",
    })
    void malformedPatternsAreErrorsThatSayWhy(String pattern, String why) {
        assertThatThrownBy(() -> Glob.compile(pattern))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("pattern '" + pattern + "' is malformed")
                .hasMessageContaining(why);
    }

    @Test
    void aLiteralBracketIsWrittenAsAClass() throws IOException {
        Files.writeString(base.resolve("x[1].sql"), "");
        assertThat(match("x[[]1].sql")).containsExactly("x[1].sql");
    }
}

package io.datasurface.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the test base model ({@code src/test/resources/models/base}, the mvp example) in a folder of
 * the test's own, with line-based edits so that a test can change one line and assert the exact file
 * and line of the problem it causes. Line numbers are 1-based, as in problems. Each edit names text that
 * the line it changes must hold, and fails when it does not, so that a change to the base model cannot
 * make an edit silently change another line.
 */
public final class ModelFixture {
    public static final String ECOSYSTEM = "ecosystem.yaml";
    public static final String ZONE = "zones/retail/zone.yaml";
    public static final String CUSTOMERS = "zones/retail/teams/crm/customers.yaml";
    public static final String ANALYTICS = "zones/retail/teams/analytics/analytics.yaml";
    public static final String MAPPING = "dsg_platform_mapping.json";

    public static final String ECOSYSTEM_REPO = "github:acme/datasurface-model@main";
    public static final String RETAIL_REPO = "github:acme/retail-model@main";
    public static final String CRM_REPO = "github:acme/crm-model@main";
    public static final String ANALYTICS_REPO = "github:acme/analytics-model@main";

    private final Path root;

    private ModelFixture(Path root) {
        this.root = root;
    }

    /** Copies the base model into {@code dir} (created if needed). */
    public static ModelFixture base(Path dir) {
        Path source = resource("models/base");
        clear(dir);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path target = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelFixture(dir);
    }

    /** Empties {@code dir}, so a test may start again from the base model. */
    private static void clear(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder or file of the test resources. */
    public static Path resource(String name) {
        try {
            var url = ModelFixture.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mvp example of the docs, found from the working folder upwards. */
    public static Path mvpExample() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path mvp = p.resolve("docs/examples/mvp");
            if (Files.isDirectory(mvp)) {
                return mvp;
            }
        }
        throw new IllegalStateException("docs/examples/mvp not found above " + Path.of("").toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    public String read(String file) {
        try {
            return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or overwrites) a whole file. */
    public ModelFixture write(String file, String text) {
        try {
            Path p = root.resolve(file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public ModelFixture delete(String file) {
        try {
            Files.delete(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Replaces {@code from} by {@code to} in line {@code line}; fails when the line does not hold {@code from}. */
    public ModelFixture edit(String file, int line, String from, String to) {
        List<String> lines = lines(file);
        String old = expectLine(file, lines, line, from);
        lines.set(line - 1, old.replace(from, to));
        return writeLines(file, lines);
    }

    /** Replaces the whole of line {@code line}; fails when the line does not hold {@code expected}. */
    public ModelFixture setLine(String file, int line, String expected, String text) {
        List<String> lines = lines(file);
        expectLine(file, lines, line, expected);
        lines.set(line - 1, text);
        return writeLines(file, lines);
    }

    /**
     * Inserts lines after line {@code line}, which must hold {@code expected}; the first inserted line
     * becomes {@code line + 1}.
     */
    public ModelFixture insertAfter(String file, int line, String expected, String... text) {
        List<String> lines = lines(file);
        expectLine(file, lines, line, expected);
        lines.addAll(line, toInsert(text));
        return writeLines(file, lines);
    }

    /** Inserts lines at the top of the file; the first inserted line becomes line 1. */
    public ModelFixture insertAtTop(String file, String... text) {
        List<String> lines = lines(file);
        lines.addAll(0, toInsert(text));
        return writeLines(file, lines);
    }

    /** Appends lines at the end of the file. */
    public ModelFixture append(String file, String... text) {
        List<String> lines = lines(file);
        lines.addAll(Arrays.asList(text));
        return writeLines(file, lines);
    }

    /** Deletes line {@code line}; fails when it does not hold {@code expected}. */
    public ModelFixture deleteLine(String file, int line, String expected) {
        return deleteLines(file, line, expected, line, expected);
    }

    /**
     * Deletes lines {@code first} to {@code last}, both included; fails when the first does not hold
     * {@code firstExpected} or the last does not hold {@code lastExpected}.
     */
    public ModelFixture deleteLines(String file, int first, String firstExpected, int last, String lastExpected) {
        if (last < first) {
            throw new IllegalArgumentException("lines " + first + " to " + last + " of " + file
                    + ": the last comes before the first");
        }
        List<String> lines = lines(file);
        expectLine(file, lines, first, firstExpected);
        expectLine(file, lines, last, lastExpected);
        lines.subList(first - 1, last).clear();
        return writeLines(file, lines);
    }

    /**
     * Line {@code line} (1-based) of {@code file}, checked to hold {@code expected}, so that a change to
     * the base model cannot make a line edit silently change some other line.
     */
    private static String expectLine(String file, List<String> lines, int line, String expected) {
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("give the text (or a part of it) that " + file + ":" + line
                    + " must hold before it is edited");
        }
        if (line < 1 || line > lines.size()) {
            throw new AssertionError(file + " has " + lines.size() + " lines, so no line " + line
                    + " holding \"" + expected + "\"; has the base model changed?");
        }
        String actual = lines.get(line - 1);
        if (!actual.contains(expected)) {
            throw new AssertionError(file + ":" + line + " is \"" + actual + "\", not a line holding \"" + expected
                    + "\"; has the base model changed? Correct the line number or the expected text of this edit.");
        }
        return actual;
    }

    private static List<String> toInsert(String... text) {
        if (text.length == 0) {
            throw new IllegalArgumentException("no lines to insert (is the expected text of the line missing?)");
        }
        return Arrays.asList(text);
    }

    private List<String> lines(String file) {
        String text = read(file);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private ModelFixture writeLines(String file, List<String> lines) {
        return write(file, String.join("\n", lines) + "\n");
    }

    /**
     * A small valid datastore of team crm, captured by sql-snapshot on an external trigger. Layout: the
     * document starts at line 1; dataset {@code i} (from 0) is at line {@code 10 + 3 * i} and its one
     * column, {@code id integer} primary key, at the line after the next.
     */
    public static String storeDoc(String name, String... datasets) {
        StringBuilder sb = new StringBuilder("""
                kind: Datastore
                name: %s
                team: crm
                capture:
                  type: sql-snapshot
                  trigger: external
                  source: { kind: postgres, host: localhost, port: 5432, database: crm }
                  credential: crm_reader
                datasets:
                """.formatted(name));
        for (String d : datasets) {
            sb.append("  - name: ").append(d).append('\n')
                    .append("    columns:\n")
                    .append("      - { name: id, type: integer, primaryKey: true }\n");
        }
        return sb.toString();
    }

    /**
     * A small workspace of team analytics with one dataset group; the document starts at line 1, the
     * group is at line 5 and its sinks (flow style, one line) at line 6.
     */
    public static String workspaceDoc(String name, String group, String... sinks) {
        return """
                kind: Workspace
                name: %s
                team: analytics
                datasetGroups:
                  - name: %s
                    sinks: [%s]
                """.formatted(name, group, String.join(", ", sinks));
    }

    /** One mapping entry on one line, for {@link #addMappings}. */
    public static String mappingEntry(String workspace, String dsg, String platform, String status) {
        return "  {\"workspace\": \"%s\", \"dsg\": \"%s\", \"assignments\": [{\"dataPlatform\": \"%s\", \"status\": \"%s\"}]}"
                .formatted(workspace, dsg, platform, status);
    }

    /**
     * Adds mapping entries after the two of the base model (lines 2-5); the first added entry is at
     * line 6, the next at 7, and so on.
     */
    public ModelFixture addMappings(String... entries) {
        List<String> lines = lines(MAPPING);
        assertThat(lines.get(5)).isEqualTo("]");
        lines.set(4, lines.get(4) + ",");
        for (int i = 0; i < entries.length; i++) {
            lines.add(5 + i, entries[i] + (i < entries.length - 1 ? "," : ""));
        }
        return writeLines(MAPPING, lines);
    }

    /** Loads the model (loader problems only). */
    public LoadResult load() {
        return ModelLoader.load(root);
    }

    /** The loaded model, asserting it loaded without errors. */
    public Model model() {
        LoadResult loaded = load();
        assertThat(loaded.problems()).as("load problems of %s", root).filteredOn(Problem::isError).isEmpty();
        return loaded.model();
    }

    /** Loads and lints the model: every problem, in report order. */
    public List<Problem> validate() {
        return Linter.validate(root).problems();
    }
}

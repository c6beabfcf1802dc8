package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.ECOSYSTEM_REPO;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ModelFixture.ZONE;
import static io.datasurface.model.ModelFixture.storeDoc;
import static io.datasurface.model.ModelFixture.workspaceDoc;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.change.ChangeChecker;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.load.LoadResult;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken models never make validation, the graph builder or the change checks throw: each problem is
 * reported at its file and line and everything else still works. Each case is an edit of the base model
 * and the problem (rule, file, line) it must cause.
 */
class LinterRobustnessTest {
    @TempDir
    Path dir;

    private static Arguments edit(String name, UnaryOperator<ModelFixture> edit, String rule, String file, int line) {
        return Arguments.of(name, edit, rule, file, line);
    }

    /** Validates, builds the graphs and compares with the base model both ways; none of it may throw. */
    private void survives(UnaryOperator<ModelFixture> edit, String rule, String file, int line) {
        var base = ModelFixture.base(dir.resolve("base")).model();
        var broken = edit.apply(ModelFixture.base(dir.resolve("broken")));
        LoadResult result = Linter.validate(broken.root());
        assertThat(result.problems()).filteredOn(p -> p.rule().equals(rule) && p.file().equals(file))
                .anySatisfy(error(file, line, rule));
        GraphBuilder.buildAll(result.model());
        ChangeChecker.check(base, result.model(), ECOSYSTEM_REPO);
        ChangeChecker.check(result.model(), base, ECOSYSTEM_REPO);
    }

    static Stream<Arguments> handled() {
        return Stream.of(
                edit("column without name", f -> f.edit(CUSTOMERS, 25, "name: phone,", ""),
                        "missing-key", CUSTOMERS, 25),
                edit("mapping entry without workspace", f -> f.edit(MAPPING, 2, "\"workspace\": \"analytics\", ", ""),
                        "missing-key", MAPPING, 2),
                edit("assignment without platform", f -> f.edit(MAPPING, 3, "\"dataPlatform\": \"yellow_live\", ", ""),
                        "missing-key", MAPPING, 3),
                edit("assignment without status", f -> f.edit(MAPPING, 3, ", \"status\": \"PROVISIONED\"", ""),
                        "missing-key", MAPPING, 3),
                edit("empty cron", f -> f.edit(CUSTOMERS, 10, "\"*/1 * * * *\"", "\"\""),
                        "invalid-cron", CUSTOMERS, 10),
                edit("trigger without cron", f -> f.deleteLine(CUSTOMERS, 10, "cron:")
                        .edit(CUSTOMERS, 9, "trigger:", "trigger: {}"),
                        "missing-key", CUSTOMERS, 9),
                edit("null kind", f -> f.edit(CUSTOMERS, 2, "Datastore", "~"),
                        "unknown-kind", CUSTOMERS, 2),
                edit("capture that is a single value",
                        f -> f.deleteLines(CUSTOMERS, 7, "sql-snapshot", 16, "credential:")
                                .edit(CUSTOMERS, 6, "capture:", "capture: snapshot"),
                        "yaml-shape", CUSTOMERS, 6),
                edit("requirements that are a single value", f -> f.edit(ANALYTICS, 8, "{ milestoning: live-only }", "forensic"),
                        "yaml-shape", ANALYTICS, 8),
                edit("mapping that is null", f -> f.write(MAPPING, "null\n"),
                        "yaml-shape", MAPPING, 1),
                edit("mapping of scalars", f -> f.write(MAPPING, "[1, \"x\", null]\n"),
                        "yaml-shape", MAPPING, 1),
                edit("sinks that are not text", f -> f.setLine(ANALYTICS, 9, "sinks:", "    sinks: [~, 3]"),
                        "invalid-sink", ANALYTICS, 9),
                edit("YAML merge key", f -> f.edit(CUSTOMERS, 21, "{ name: id,", "{ <<: {x: 1}, name: id,"),
                        "unknown-key", CUSTOMERS, 21),
                edit("datastore without datasets", f -> f.deleteLines(CUSTOMERS, 17, "datasets:", 37, "name: zip"),
                        "unknown-sink", ANALYTICS, 9),
                edit("platform without milestoning", f -> f.deleteLine(ECOSYSTEM, 21, "milestoning:"),
                        "missing-key", ECOSYSTEM, 19),
                edit("platform without merge store", f -> f.deleteLine(ECOSYSTEM, 22, "mergeStore:"),
                        "missing-key", ECOSYSTEM, 19),
                edit("workspace without team", f -> f.deleteLine(ANALYTICS, 4, "team: analytics"),
                        "missing-key", ANALYTICS, 2),
                edit("mapping entry naming a missing platform and a missing group",
                        f -> f.edit(MAPPING, 4, "\"audit\"", "\"audits\"").edit(MAPPING, 5, "yellow_forensic", "blue"),
                        "unknown-dsg", MAPPING, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handled")
    void brokenModelIsReportedNotThrown(String name, UnaryOperator<ModelFixture> edit, String rule, String file,
                                        int line) {
        survives(edit, rule, file, line);
    }

    static Stream<Arguments> namelessItems() {
        return Stream.of(
                edit("dataset without name, sunk by a workspace",
                        f -> f.edit(CUSTOMERS, 28, "- name: addresses", "- documentation: addresses"),
                        "missing-key", CUSTOMERS, 28),
                edit("first dataset without name",
                        f -> f.edit(CUSTOMERS, 18, "- name: customers", "- documentation: customers"),
                        "missing-key", CUSTOMERS, 18),
                edit("dataset group without name, mapped",
                        f -> f.edit(ANALYTICS, 7, "- name: live", "- documentation: live"),
                        "missing-key", ANALYTICS, 7),
                edit("column without name in a sql-watermark dataset",
                        f -> f.edit(CUSTOMERS, 25, "name: phone,", "").edit(CUSTOMERS, 7, "sql-snapshot", "sql-watermark")
                                .insertAfter(CUSTOMERS, 16, "credential:", "  watermark: created_at"),
                        "missing-key", CUSTOMERS, 26));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namelessItems")
    void itemWithoutNameIsReportedNotThrown(String name, UnaryOperator<ModelFixture> edit, String rule, String file,
                                            int line) {
        survives(edit, rule, file, line);
    }

    static Stream<Arguments> namelessHintCandidates() {
        return Stream.of(
                edit("datastore without name (its sinks become unknown)",
                        f -> f.deleteLine(CUSTOMERS, 3, "name: customers"),
                        "missing-key", CUSTOMERS, 2),
                edit("datastore whose name is a list",
                        f -> f.edit(CUSTOMERS, 3, "customers", "[customers]"),
                        "yaml-shape", CUSTOMERS, 3),
                edit("team without name, and a datastore of an undeclared team",
                        f -> f.append(ZONE, "  - repo: github:acme/x@main").edit(CUSTOMERS, 4, "crm", "crn"),
                        "missing-key", ZONE, 8),
                edit("platform without name, and a mapping to an unknown platform",
                        f -> f.insertAfter(ECOSYSTEM, 28, "credential: merge_rw", "  - kind: yellow", "    milestoning: live-only",
                                "    mergeStore: merge_db", "    credential: x").edit(MAPPING, 3, "yellow_live", "yelow_live"),
                        "missing-key", ECOSYSTEM, 29),
                edit("container without name, and a source naming an unknown container",
                        f -> f.insertAfter(ECOSYSTEM, 16, "database: datasurface",
                                        "  - kind: jdbc", "    url: jdbc:x://h/d")
                                .deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                                .edit(CUSTOMERS, 11, "source:", "source: crm_db"),
                        "missing-key", ECOSYSTEM, 17),
                edit("container without name, and a platform naming an unknown merge store",
                        f -> f.insertAfter(ECOSYSTEM, 16, "database: datasurface",
                                        "  - kind: jdbc", "    url: jdbc:x://h/d")
                                .edit(ECOSYSTEM, 24, "merge_db", "merge_dbx"),
                        "missing-key", ECOSYSTEM, 17),
                edit("workspace without name, and a mapping to an unknown workspace",
                        f -> f.write("zones/w.yaml", workspaceDoc("x", "g", "customers/customers"))
                                .deleteLine("zones/w.yaml", 2, "name: x")
                                .edit(MAPPING, 2, "\"analytics\"", "\"analytic\""),
                        "missing-key", "zones/w.yaml", 1),
                edit("zone declaration without name, and an undeclared zone",
                        f -> f.insertAfter(ECOSYSTEM, 9, "retail-model", "  - repo: github:acme/x@main")
                                .edit(ZONE, 2, "retail", "retale"),
                        "missing-key", ECOSYSTEM, 10),
                edit("dataset group without name, and a mapping to an unknown group",
                        f -> f.append(ANALYTICS, "  - sinks: [customers/customers]").edit(MAPPING, 2, "\"live\"", "\"lve\""),
                        "missing-key", ANALYTICS, 13),
                edit("dataset without name, and a sink to an unknown dataset",
                        f -> f.write("zones/o.yaml", storeDoc("orders", "lines"))
                                .deleteLine("zones/o.yaml", 10, "- name: lines")
                                .insertAfter("zones/o.yaml", 9, "datasets:", "  - documentation: no name")
                                .edit(ANALYTICS, 9, "customers/customers,", "orders/line,"),
                        "missing-key", "zones/o.yaml", 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namelessHintCandidates")
    void hintListWithANamelessItemIsReportedNotThrown(String name, UnaryOperator<ModelFixture> edit, String rule,
                                                      String file, int line) {
        survives(edit, rule, file, line);
    }
}

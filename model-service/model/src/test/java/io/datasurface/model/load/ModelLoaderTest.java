package io.datasurface.model.load;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ModelFixture.ZONE;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.warning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.AssignmentStatus;
import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Problems the loader finds while reading a model folder, seen through {@code Linter.validate} as a user
 * sees them: each edit of the base model (the mvp example) causes exactly the problems asserted.
 */
class ModelLoaderTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Test
    void baseModelLoadsEveryObject() {
        LoadResult loaded = base().load();
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.model().ecosystem()).isPresent();
        assertThat(loaded.model().zones()).hasSize(1);
        assertThat(loaded.model().datastores()).singleElement()
                .satisfies(d -> assertThat(d.datasets()).hasSize(2));
        assertThat(loaded.model().workspaces()).singleElement()
                .satisfies(w -> assertThat(w.groups()).hasSize(2));
        assertThat(loaded.model().mappings()).hasSize(2);
    }

    @Test
    void objectsRememberFileAndLine() {
        var m = base().model();
        var store = m.datastore("customers").orElseThrow();
        assertThat(store.at()).hasToString(CUSTOMERS + ":2");
        assertThat(store.dataset("addresses").orElseThrow().at()).hasToString(CUSTOMERS + ":28");
        assertThat(store.dataset("addresses").orElseThrow().column("state").orElseThrow().at())
                .hasToString(CUSTOMERS + ":36");
        assertThat(m.workspace("analytics").orElseThrow().group("audit").orElseThrow().at())
                .hasToString(ANALYTICS + ":10");
        assertThat(m.platform("yellow_forensic").orElseThrow().at()).hasToString(ECOSYSTEM + ":24");
        assertThat(m.mappings().get(1).at()).hasToString(MAPPING + ":4");
        assertThat(m.mappings().get(1).assignments().get(0).at()).hasToString(MAPPING + ":5");
    }

    @Test
    void notAFolderIsRejected() {
        assertThatThrownBy(() -> ModelLoader.load(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }

    @Nested
    class Syntax {
        @Test
        void yamlSyntaxErrorNamesItsLine() {
            var fx = base().edit(CUSTOMERS, 4, "team: crm", "team: crm: sales");
            assertThat(fx.validate()).filteredOn(p -> p.file().equals(CUSTOMERS)).singleElement()
                    .satisfies(error(CUSTOMERS, 4, "yaml-syntax", "mapping values are not allowed here"));
        }

        @Test
        void yamlSyntaxErrorInALaterDocumentNamesItsLine() {
            var fx = base().append(ZONE, "---", "kind: GovernanceZone", "name: [retail");
            assertThat(fx.validate()).filteredOn(Problem::isError).singleElement()
                    .satisfies(error(ZONE, 11, "yaml-syntax"));
        }

        @Test
        void tabIndentationInYamlIsASyntaxError() {
            var fx = base().setLine(ZONE, 5, "crm-model", "\t  repo: github:acme/crm-model@main");
            assertThat(fx.validate()).filteredOn(p -> p.rule().equals("yaml-syntax")).singleElement()
                    .satisfies(error(ZONE, 5, "yaml-syntax"));
        }

        @Test
        void fileThatIsNotUtf8IsReported() throws Exception {
            var fx = base();
            Files.write(fx.root().resolve("zones/retail/bad.yaml"), new byte[] {'k', (byte) 0xff, '\n'});
            assertThat(fx.validate()).singleElement()
                    .satisfies(error("zones/retail/bad.yaml", 0, "yaml-syntax", "UTF-8"));
        }

        @Test
        void documentThatIsNotAMappingIsReported() {
            var fx = base().write("zones/retail/list.yaml", "# a list\n- kind: Datastore\n");
            assertThat(fx.validate()).singleElement()
                    .satisfies(error("zones/retail/list.yaml", 2, "yaml-shape", "kind:"));
        }

        @Test
        void emptyAndCommentOnlyFilesAreFine() {
            var fx = base().write("zones/retail/empty.yaml", "").write("zones/retail/comments.yaml", "# nothing yet\n");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void leadingDocumentSeparatorIsFine() {
            var fx = base().insertAtTop(ZONE, "---");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void trailingDocumentSeparatorIsFine() {
            var fx = base().append(ZONE, "---");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void emptyDocumentBetweenSeparatorsIsFine() {
            var fx = base().insertAtTop(ZONE, "---", "# zone follows", "---");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void hiddenFoldersAndOtherFileTypesAreNotRead() {
            var fx = base().write(".git/broken.yaml", "kind: [").write("notes.txt", "kind: [")
                    .write("zones/retail/extra.yml", "kind: Datastor\n");
            assertThat(fx.validate()).singleElement().satisfies(error("zones/retail/extra.yml", 1, "unknown-kind"));
        }
    }

    @Nested
    class Keys {
        @Test
        void unknownKeyNamesItsLineAndTheKeyMeant() {
            var fx = base().edit(CUSTOMERS, 5, "documentation:", "documentaton:");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 5, "unknown-key",
                    "'documentaton'", "Datastore", "did you mean 'documentation'?"));
        }

        @Test
        void unknownKeyInAColumnNamesItsLineAndTheKeyMeant() {
            var fx = base().edit(CUSTOMERS, 24, "type: varchar(200)", "type: varchar(200), nulable: false");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 24, "unknown-key",
                    "'nulable'", "column", "did you mean 'nullable'?"));
        }

        @Test
        void unknownKeyFarFromAnyKnownKeyHasNoHint() {
            var fx = base().insertAfter(ZONE, 2, "name: retail", "budget: 1000");
            assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 3, "unknown-key", "'budget'", "known keys:"));
            assertThat(fx.validate().get(0).message()).doesNotContain("did you mean");
        }

        @Test
        void duplicateKeyNamesBothLines() {
            var fx = base().insertAfter(CUSTOMERS, 4, "team: crm", "team: analytics");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 5, "duplicate-key",
                    "'team'", "first at line 4"));
        }

        @Test
        void missingRequiredKeyIsReportedAtItsObject() {
            var fx = base().deleteLine(ZONE, 5, "crm-model");
            assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 4, "missing-key", "team declaration",
                    "'repo:'"));
        }

        @Test
        void datastoreWithoutCaptureIsReported() {
            var fx = base().deleteLines(CUSTOMERS, 6, "capture:", 16, "credential:");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 2, "missing-key", "'capture:'"));
        }

        @Test
        void valueOfTheWrongShapeIsReported() {
            var fx = base().edit(CUSTOMERS, 14, "port: 5432", "port: five");
            assertThat(fx.validate()).filteredOn(p -> p.rule().equals("yaml-shape")).singleElement().satisfies(error(CUSTOMERS, 14, "yaml-shape", "'port'",
                    "whole number", "'five'"));
        }

        @Test
        void malformedPortIsReportedOnce() {
            var fx = base().edit(CUSTOMERS, 14, "port: 5432", "port: five");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 14, "yaml-shape", "'port'"));
        }

        @Test
        void booleanMustBeTrueOrFalse() {
            var fx = base().edit(CUSTOMERS, 22, "nullable: false", "nullable: no");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 22, "yaml-shape", "'nullable'",
                    "true or false"));
        }

        @Test
        void listExpectedButSingleValueGiven() {
            var fx = base().edit(CUSTOMERS, 19, "[PC3]", "PC3");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 19, "yaml-shape", "'classifications'",
                    "list"));
        }
    }

    @Nested
    class Kinds {
        @Test
        void documentWithoutKindIsReportedAtItsFirstLine() {
            var fx = base().append(CUSTOMERS, "---", "name: orphans", "team: crm");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 39, "missing-kind",
                    "Ecosystem, GovernanceZone, Datastore, Workspace"));
        }

        @Test
        void kindThatIsAListIsNotReportedAsMissing() {
            var fx = base().edit(CUSTOMERS, 2, "kind: Datastore", "kind: [Datastore]");
            assertThat(fx.validate()).filteredOn(p -> p.file().equals(CUSTOMERS)).singleElement()
                    .satisfies(p -> assertThat(p.rule()).isNotEqualTo("missing-kind"))
                    .satisfies(p -> assertThat(p.message()).doesNotContain("has no 'kind:'"));
        }

        @Test
        void unknownKindSuggestsTheKindMeant() {
            var fx = base().write("zones/retail/teams/analytics/reports.yaml", """
                    # reports
                    kind: Workspce
                    name: reports
                    team: analytics
                    """);
            assertThat(fx.validate()).singleElement().satisfies(error("zones/retail/teams/analytics/reports.yaml", 2,
                    "unknown-kind", "'Workspce'", "did you mean 'Workspace'?"));
        }

        @Test
        void severalDocumentsInOneFileAreAllRead() {
            var fx = base().delete(ZONE).delete(ANALYTICS)
                    .append(CUSTOMERS, "---", baseText(ZONE), "---", baseText(ANALYTICS));
            assertThat(fx.validate()).isEmpty();
            assertThat(fx.model().workspace("analytics").orElseThrow().at().line()).isEqualTo(48); // 37 + --- + 7 + --- + comment
        }

        private String baseText(String file) {
            try {
                return Files.readString(ModelFixture.resource("models/base").resolve(file)).stripTrailing();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Ecosystems {
        @Test
        void modelWithoutEcosystemIsReported() {
            var fx = base().delete(ECOSYSTEM);
            // without an ecosystem no platform is declared, so the mapping's assignments do not resolve either
            assertThat(fx.validate()).satisfiesExactly(
                    error(".", 0, "missing-ecosystem", "kind: Ecosystem"),
                    error(MAPPING, 3, "unknown-platform", "'yellow_live'"),
                    error(MAPPING, 5, "unknown-platform", "'yellow_forensic'"),
                    warning(ANALYTICS, 7, "unassigned-dsg"),
                    warning(ANALYTICS, 10, "unassigned-dsg"));
        }

        @Test
        void secondEcosystemIsReportedWithTheFirst() {
            var fx = base().write("more/ecosystem.yaml", """
                    kind: Ecosystem
                    name: acme2
                    repo: github:acme/other@main
                    """);
            assertThat(fx.validate()).singleElement().satisfies(error("more/ecosystem.yaml", 1, "duplicate-name",
                    "exactly one Ecosystem", ECOSYSTEM + ":3"));
        }
    }

    @Nested
    class Enumerations {
        @Test
        void unknownCaptureTypeListsTheTypes() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: snapshot");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 7, "unknown-capture-type",
                    "'snapshot'", "sql-snapshot, sql-watermark, cdc"));
        }

        @Test
        void unknownConsistency() {
            var fx = base().edit(CUSTOMERS, 8, "consistency: multi-dataset", "consistency: all-datasets");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 8, "unknown-consistency",
                    "'all-datasets'", "single-dataset or multi-dataset"));
        }

        @Test
        void unknownMilestoningOfAPlatform() {
            var fx = base().edit(ECOSYSTEM, 21, "milestoning: live-only", "milestoning: live");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 21, "unknown-milestoning", "'live'",
                    "platform", "live-only, forensic"));
        }

        @Test
        void unknownMilestoningRequirementOfAGroup() {
            var fx = base().edit(ANALYTICS, 11, "milestoning: forensic", "milestoning: forensics");
            assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 11, "unknown-milestoning",
                    "'forensics'", "live-only, forensic"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"PROVISONED", "provisioned", "ACTIVE"})
        void unknownAssignmentStatus(String status) {
            var fx = base().edit(MAPPING, 3, "\"PROVISIONED\"", "\"" + status + "\"");
            assertThat(fx.validate()).satisfiesExactly(
                    error(MAPPING, 3, "unknown-status", "'" + status + "'",
                            "PROVISIONING, PROVISIONED, DECOMMISSIONING or DECOMMISSIONED"),
                    warning(ANALYTICS, 7, "unassigned-dsg", "'analytics/live'"));
        }

        @Test
        void invalidTrigger() {
            var fx = base().deleteLine(CUSTOMERS, 10, "cron:").edit(CUSTOMERS, 9, "trigger:", "trigger: hourly");
            assertThat(fx.validate()).satisfiesExactly(
                    error(CUSTOMERS, 7, "missing-trigger", "'customers'"),
                    error(CUSTOMERS, 9, "invalid-trigger", "'hourly'", "'external'", "cron"));
        }

        @Test
        void externalTriggerIsAccepted() {
            var fx = base().deleteLine(CUSTOMERS, 10, "cron:").edit(CUSTOMERS, 9, "trigger:", "trigger: external");
            assertThat(fx.validate()).isEmpty();
        }
    }

    @Nested
    class Sinks {
        @ParameterizedTest
        @ValueSource(strings = {"customers", "customers/addresses/extra", "/addresses", "customers/", "{store: customers}"})
        void malformedSinkNamesItsLine(String sink) {
            var fx = base().edit(ANALYTICS, 9, "customers/customers, ", sink + ", ");
            assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 9, "invalid-sink", "store/dataset"));
        }

        @Test
        void sinksInBlockStyleNameTheirOwnLines() {
            var fx = base().setLine(ANALYTICS, 12, "sinks:", "    sinks:")
                    .append(ANALYTICS, "      - customers/customers", "      - customers");
            assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 14, "invalid-sink"));
        }
    }

    @Nested
    class Types {
        @Test
        void unknownColumnTypeNamesTheColumnAndTheAcceptedTypes() {
            var fx = base().edit(CUSTOMERS, 24, "type: varchar(200)", "type: string");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 24, "unknown-type",
                    "column 'email'", "'string'", "varchar(n)", "timestamp"));
        }

        @Test
        void varcharWithoutLengthIsExplained() {
            var fx = base().edit(CUSTOMERS, 24, "type: varchar(200)", "type: varchar");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 24, "unknown-type",
                    "column 'email'", "needs a length", "text"));
        }

        @Test
        void unquotedDecimalInAFlowMappingIsExplained() {
            var fx = base().edit(CUSTOMERS, 25, "type: varchar(30)", "type: decimal(12,2)");
            assertThat(fx.validate()).satisfiesExactly(
                    error(CUSTOMERS, 25, "unknown-key", "'2)'"),
                    error(CUSTOMERS, 25, "unknown-type", "column 'phone'", "quote types with a comma"));
        }

        @Test
        void quotedDecimalInAFlowMappingIsFine() {
            var fx = base().edit(CUSTOMERS, 25, "type: varchar(30)", "type: \"decimal(12,2)\"");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void columnWithoutTypeIsReported() {
            var fx = base().edit(CUSTOMERS, 24, "type: varchar(200) ", "");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 24, "missing-key", "'type:'"));
        }
    }

    @Nested
    class Mapping {
        @Test
        void jsonSyntaxErrorNamesItsLine() {
            var fx = base().edit(MAPPING, 3, "\"PROVISIONED\"}]},", "\"PROVISIONED\"}]}");
            assertThat(fx.validate()).filteredOn(Problem::isError).singleElement()
                    .satisfies(error(MAPPING, 4, "json-syntax", "JSON"));
        }

        @Test
        void jsonSyntaxErrorMessageDoesNotTalkAboutYaml() {
            var fx = base().edit(MAPPING, 5, "\"status\": \"PROVISIONED\"", "\"status\" \"PROVISIONED\"");
            assertThat(fx.validate()).filteredOn(Problem::isError).singleElement()
                    .satisfies(error(MAPPING, 5, "json-syntax"))
                    .satisfies(p -> assertThat(p.message()).doesNotContain("YAML"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                trailing comma in a list     | 3 | {"dataPlatform": "yellow_forensic", "status": "PROVISIONED"},]}
                single-quoted string         | 3 | {"dataPlatform": 'yellow_forensic', "status": "PROVISIONED"}]}
                unquoted key                 | 3 | {dataPlatform: "yellow_forensic", "status": "PROVISIONED"}]}
                comment                      | 3 | {"dataPlatform": "yellow_forensic", "status": "PROVISIONED"}]} # audit
                string running to next line  | 3 | {"dataPlatform": "yellow_forensic,\\n    "status": "PROVISIONED"}]}
                """)
        void invalidJsonThatYamlWouldAcceptIsASyntaxError(String what, int line, String assignments) {
            var fx = base().write(MAPPING, "[\n"
                    + "  {\"workspace\": \"analytics\", \"dsg\": \"live\",\n"
                    + "   \"assignments\": [" + assignments.replace("\\n", "\n") + "\n"
                    + "]\n");
            assertThat(fx.validate()).filteredOn(Problem::isError).singleElement()
                    .satisfies(error(MAPPING, line, "json-syntax"));
        }

        @Test
        void mappingIndentedWithTabsLoads() {
            var fx = base().write(MAPPING, """
                    [
                    \t{
                    \t\t"workspace": "analytics",
                    \t\t"dsg": "live",
                    \t\t"assignments": [
                    \t\t\t{"dataPlatform": "yellow_live", "status": "PROVISIONED"}
                    \t\t]
                    \t},
                    \t{
                    \t\t"workspace": "analytics",
                    \t\t"dsg": "audit",
                    \t\t"assignments": [
                    \t\t\t{"dataPlatform": "yellow_forensic", "status": "PROVISIONING"}
                    \t\t]
                    \t}
                    ]
                    """);
            assertThat(fx.validate()).isEmpty();
            var mappings = fx.model().mappings();
            assertThat(mappings).hasSize(2);
            assertThat(mappings.get(1).dsg()).isEqualTo("audit");
            assertThat(mappings.get(1).at().line()).isEqualTo(9);
            assertThat(mappings.get(1).assignments().get(0).status()).isEqualTo(AssignmentStatus.PROVISIONING);
        }

        @Test
        void mappingThatIsNotAnArrayIsReported() {
            var fx = base().write(MAPPING, "{\"workspace\": \"analytics\"}\n");
            assertThat(fx.validate()).filteredOn(Problem::isError).singleElement()
                    .satisfies(error(MAPPING, 1, "yaml-shape", "JSON array"));
        }

        @Test
        void unknownKeyInMappingIsReported() {
            var fx = base().edit(MAPPING, 3, "\"status\"", "\"Status\"");
            List<Problem> problems = fx.validate();
            assertThat(problems).filteredOn(p -> p.rule().equals("unknown-key")).singleElement()
                    .satisfies(error(MAPPING, 3, "unknown-key", "'Status'", "did you mean 'status'?"));
        }

        @Test
        void modelWithoutMappingLoadsWithWarnings() {
            var fx = base().delete(MAPPING);
            assertThat(fx.validate()).satisfiesExactly(
                    warning(ANALYTICS, 7, "unassigned-dsg", "'analytics/live'"),
                    warning(ANALYTICS, 10, "unassigned-dsg", "'analytics/audit'"));
        }
    }
}

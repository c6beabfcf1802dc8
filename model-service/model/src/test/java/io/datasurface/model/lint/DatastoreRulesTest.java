package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.errorInFile;
import static io.datasurface.model.ProblemAssertions.warning;
import static io.datasurface.model.ProblemAssertions.warningInFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Datastores: capture (source, credential, trigger, watermark) and tables that can be merged (key,
 * classification). Line numbers refer to the base model's customers.yaml: capture at 7, trigger at 9-10,
 * source at 11-15, credential at 16, dataset customers at 18 with columns 21-27, addresses at 28.
 */
class DatastoreRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Nested
    class Source {
        @Test
        void referenceToAContainerTheEcosystemDoesNotDeclare() {
            var fx = base()
                    .deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                    .edit(CUSTOMERS, 11, "source:", "source: crm_db");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 11, "unknown-container",
                    "datastore 'customers'", "container 'crm_db'", "does not declare"));
        }

        @Test
        void referenceToADeclaredContainerIsFine() {
            var fx = base()
                    .deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                    .edit(CUSTOMERS, 11, "source:", "source: crm_db")
                    .insertAfter(ECOSYSTEM, 16, "database: datasurface",
                            "  - name: crm_db",
                            "    kind: postgres",
                            "    host: crm.example.com",
                            "    port: 5432",
                            "    database: crm")
                    .insertAfter(ECOSYSTEM, 40, "teams: [crm]", "    containers: [crm_db]");
            assertThat(fx.validate()).isEmpty();
            assertThat(fx.model().sourceOf(fx.model().datastore("customers").orElseThrow()))
                    .hasValueSatisfying(c -> assertThat(c.address()).isEqualTo("crm.example.com:5432/crm"));
        }

        @Test
        void referenceWithATypoSuggestsTheContainer() {
            var fx = base()
                    .deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                    .edit(CUSTOMERS, 11, "source:", "source: merge_bd");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 11, "unknown-container",
                    "did you mean 'merge_db'?"));
        }

        @Test
        void inlinePostgresSourceWithoutHost() {
            var fx = base().deleteLine(CUSTOMERS, 13, "host: localhost");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 12, "invalid-container",
                    "datastore 'customers'", "source", "postgres needs host, port and database"));
        }

        @Test
        void inlineJdbcSourceWithoutUrl() {
            var fx = base().edit(CUSTOMERS, 12, "kind: postgres", "kind: jdbc");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 12, "invalid-container",
                    "datastore 'customers'", "jdbc needs 'url: jdbc:"));
        }

        @Test
        void inlineJdbcSourceWithUrlIsFine() {
            var fx = base()
                    .edit(CUSTOMERS, 12, "kind: postgres", "kind: jdbc")
                    .deleteLines(CUSTOMERS, 13, "host: localhost", 15, "database: crm")
                    .insertAfter(CUSTOMERS, 12, "kind: jdbc", "    url: jdbc:postgresql://localhost:5432/crm");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void inlineSourceOfUnknownKind() {
            var fx = base().edit(CUSTOMERS, 12, "kind: postgres", "kind: mysql");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 12, "invalid-container",
                    "datastore 'customers'", "unknown kind 'mysql'"));
        }

        @Test
        void sourceThatIsAList() {
            var fx = base()
                    .deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                    .edit(CUSTOMERS, 11, "source:", "source: [crm_db]");
            assertThat(fx.validate()).satisfiesExactly(
                    error(CUSTOMERS, 11, "yaml-shape", "source must be a container"));
        }

        @Test
        void missingSource() {
            var fx = base().deleteLines(CUSTOMERS, 11, "source:", 15, "database: crm");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 7, "missing-source",
                    "datastore 'customers'", "'source:'"));
        }

        @Test
        void missingCredentialForAPostgresSource() {
            var fx = base().deleteLine(CUSTOMERS, 16, "credential:");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 7, "missing-credential",
                    "datastore 'customers'", "'credential:'"));
        }

        @Test
        void cdcFromANonPostgresSource() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: cdc")
                    .deleteLines(CUSTOMERS, 9, "trigger:", 10, "cron:")
                    .insertAfter(CUSTOMERS, 8, "consistency:", "  trigger: external")
                    .edit(CUSTOMERS, 11, "kind: postgres", "kind: jdbc")
                    .deleteLines(CUSTOMERS, 12, "host: localhost", 14, "database: crm")
                    .insertAfter(CUSTOMERS, 11, "kind: jdbc", "    url: jdbc:h2:file:/var/data/crm");
            assertThat(fx.validate()).filteredOn(p -> p.rule().equals("unsupported-capture")).singleElement().satisfies(error(CUSTOMERS, 7, "unsupported-capture",
                    "datastore 'customers'", "cdc", "postgres"));
        }
    }

    @Nested
    class Triggers {
        @ParameterizedTest(name = "cron ''{0}''")
        @ValueSource(strings = {"61 * * * *", "* * * *", "every minute", "*/0 * * * *"})
        void invalidCron(String cron) {
            var fx = base().edit(CUSTOMERS, 10, "\"*/1 * * * *\"", "\"" + cron + "\"");
            assertThat(fx.validate()).singleElement().satisfies(errorInFile(CUSTOMERS, "invalid-cron",
                    "datastore 'customers'", "'" + cron + "'"));
        }

        @Test
        void invalidCronIsReportedAtTheCronLine() {
            var fx = base().edit(CUSTOMERS, 10, "\"*/1 * * * *\"", "\"61 * * * *\"");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 10, "invalid-cron"));
        }

        @Test
        void sqlSnapshotWithoutTrigger() {
            var fx = base().deleteLines(CUSTOMERS, 9, "trigger:", 10, "cron:");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 7, "missing-trigger",
                    "datastore 'customers'", "'trigger:'", "cron", "external"));
        }

        @Test
        void sqlWatermarkWithoutTrigger() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: sql-watermark")
                    .deleteLines(CUSTOMERS, 9, "trigger:", 10, "cron:")
                    .insertAfter(CUSTOMERS, 8, "consistency:", "  watermark: id");
            assertThat(fx.validate()).filteredOn(p -> p.rule().equals("missing-trigger")).singleElement()
                    .satisfies(error(CUSTOMERS, 7, "missing-trigger", "datastore 'customers'"));
        }

        @Test
        void cronTriggerOnCdcIsAWarningOnly() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: cdc");
            var result = Linter.validate(fx.root());
            assertThat(result.problems()).singleElement().satisfies(warningInFile(CUSTOMERS, "ignored-trigger",
                    "datastore 'customers'", "cdc", "cron trigger is ignored"));
            assertThat(result.hasErrors()).as("warnings are not errors").isFalse();
        }

        @Test
        void ignoredTriggerIsReportedAtTheTrigger() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: cdc");
            assertThat(fx.validate()).singleElement().satisfies(p -> assertThat(p.line()).isIn(9, 10));
        }

        @Test
        void cdcWithoutTriggerOrWithAnExternalOneIsFine() {
            var fx = base()
                    .edit(CUSTOMERS, 7, "type: sql-snapshot", "type: cdc")
                    .deleteLines(CUSTOMERS, 9, "trigger:", 10, "cron:");
            assertThat(fx.validate()).isEmpty();
            fx.insertAfter(CUSTOMERS, 8, "consistency:", "  trigger: external");
            assertThat(fx.validate()).isEmpty();
        }
    }

    /**
     * A datastore of its own captured by sql-watermark: watermark line 9 (capture block at line 5), the
     * watermark candidate column {@code changed_at} at line 15.
     */
    @Nested
    class Watermarks {
        static final String EVENTS = "zones/retail/teams/crm/events.yaml";

        private ModelFixture events(String watermark, String changedAtType) {
            return base().write(EVENTS, """
                    kind: Datastore
                    name: events
                    team: crm
                    capture:
                      type: sql-watermark
                      trigger: { cron: "*/5 * * * *" }
                      source: { kind: postgres, host: localhost, port: 5432, database: crm }
                      credential: crm_reader
                      watermark: %s
                    datasets:
                      - name: events
                        classifications: [PC3]
                        columns:
                          - { name: id, type: bigint, primaryKey: true }
                          - { name: changed_at, type: %s }
                    """.formatted(watermark, changedAtType));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"timestamp", "timestamptz", "bigint", "integer", "smallint"})
        void watermarkColumnOfAnOrderedTypeIsFine(String type) {
            assertThat(events("changed_at", type).validate()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"varchar(30)", "text", "date", "\"decimal(20,0)\"", "uuid"})
        void watermarkColumnOfAnotherTypeIsReportedAtTheColumn(String type) {
            assertThat(events("changed_at", type).validate()).singleElement().satisfies(error(EVENTS, 15,
                    "watermark", "dataset 'events/events'", "watermark column 'changed_at'", "timestamp"));
        }

        @Test
        void watermarkThatIsNotAColumn() {
            assertThat(events("chnaged_at", "timestamp").validate()).singleElement().satisfies(errorInFile(EVENTS,
                    "watermark", "dataset 'events/events'", "'chnaged_at' is not a column",
                    "did you mean 'changed_at'?"));
        }

        @Test
        void watermarkThatIsNotAColumnIsReportedAtTheWatermarkLine() {
            assertThat(events("chnaged_at", "timestamp").validate()).singleElement()
                    .satisfies(error(EVENTS, 9, "watermark"));
            var fx = events("changed_at", "timestamp")
                    .insertAfter(EVENTS, 11, "- name: events", "    watermark: updated_at");
            assertThat(fx.validate()).singleElement().satisfies(error(EVENTS, 12, "watermark"));
        }

        @Test
        void missingWatermark() {
            var fx = events("changed_at", "timestamp").deleteLine(EVENTS, 9, "watermark: changed_at");
            assertThat(fx.validate()).singleElement().satisfies(error(EVENTS, 10, "watermark",
                    "dataset 'events/events'", "no watermark column"));
        }

        @Test
        void datasetWatermarkOverridesTheCaptureOne() {
            var fx = events("id", "varchar(10)").insertAfter(EVENTS, 11, "- name: events", "    watermark: changed_at");
            assertThat(fx.validate()).singleElement().satisfies(error(EVENTS, 16, "watermark",
                    "'changed_at'"));
        }

        @Test
        void datasetWatermarkThatIsNotAColumn() {
            var fx = events("changed_at", "timestamp")
                    .insertAfter(EVENTS, 11, "- name: events", "    watermark: updated_at");
            assertThat(fx.validate()).singleElement().satisfies(errorInFile(EVENTS, "watermark",
                    "'updated_at' is not a column"));
        }

        @Test
        void everyDatasetOfTheStoreNeedsAWatermark() {
            var fx = base().edit(CUSTOMERS, 7, "type: sql-snapshot", "type: sql-watermark");
            assertThat(fx.validate()).satisfiesExactly(
                    error(CUSTOMERS, 18, "watermark", "dataset 'customers/customers'", "no watermark column"),
                    error(CUSTOMERS, 28, "watermark", "dataset 'customers/addresses'", "no watermark column"));
        }

        @Test
        void watermarkOnAnotherCaptureTypeIsIgnoredWithAWarning() {
            var fx = base().insertAfter(CUSTOMERS, 16, "credential:", "  watermark: created_at");
            assertThat(fx.validate()).singleElement().satisfies(warningInFile(CUSTOMERS, "ignored-watermark",
                    "datastore 'customers'", "sql-watermark"));
        }

        @Test
        void ignoredWatermarkIsReportedAtItsLine() {
            var fx = base().insertAfter(CUSTOMERS, 16, "credential:", "  watermark: created_at");
            assertThat(fx.validate()).singleElement().satisfies(warning(CUSTOMERS, 17, "ignored-watermark"));
        }

        @Test
        void datasetWatermarkOnAnotherCaptureTypeIsIgnoredWithAWarning() {
            var fx = base().insertAfter(CUSTOMERS, 18, "- name: customers", "    watermark: created_at");
            assertThat(fx.validate()).singleElement().satisfies(warning(CUSTOMERS, 19, "ignored-watermark",
                    "customers"));
        }
    }

    @Nested
    class Tables {
        @Test
        void datasetWithoutPrimaryKey() {
            var fx = base().edit(CUSTOMERS, 21, ",  primaryKey: true", "");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 18, "no-primary-key",
                    "dataset 'customers/customers'", "primaryKey: true"));
        }

        @Test
        void nullableKeyColumn() {
            var fx = base().edit(CUSTOMERS, 21, "primaryKey: true", "primaryKey: true, nullable: true");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 21, "nullable-key",
                    "dataset 'customers/customers'", "key column 'id'", "nullable: true"));
        }

        @Test
        void keyColumnIsNotNullWithoutSayingSo() {
            var fx = base().edit(CUSTOMERS, 21, "primaryKey: true", "primaryKey: true, nullable: false");
            assertThat(fx.validate()).isEmpty();
            assertThat(fx.model().dataset("customers", "addresses").orElseThrow().column("id").orElseThrow()
                    .nullable()).isFalse();
        }

        @Test
        void compositeKeyIsFine() {
            var fx = base().edit(CUSTOMERS, 32, "nullable: false", "primaryKey: true");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void datasetWithoutColumns() {
            var fx = base().deleteLines(CUSTOMERS, 20, "columns:", 27, "name: created_at");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 18, "no-columns",
                    "dataset 'customers/customers'"));
        }

        @Test
        void datastoreWithoutDatasets() {
            String orders = "zones/retail/teams/crm/orders.yaml";
            var fx = base().write(orders, ModelFixture.storeDoc("orders"));
            assertThat(fx.validate()).singleElement().satisfies(error(orders, 1, "no-datasets",
                    "datastore 'orders'"));
        }
    }

    /**
     * A datastore of its own whose capture type, key column type and one other column's type vary: key
     * column {@code id} at line 13, column {@code v} at line 14.
     */
    @Nested
    class ColumnTypes {
        static final String EVENTS = "zones/retail/teams/crm/events.yaml";

        private ModelFixture events(String capture, String keyType, String type) {
            return base().write(EVENTS, """
                    kind: Datastore
                    name: events
                    team: crm
                    capture:
                      type: %s
                      trigger: external
                      source: { kind: postgres, host: localhost, port: 5432, database: crm }
                      credential: crm_reader
                    datasets:
                      - name: events
                        classifications: [PC3]
                        columns:
                          - { name: id, type: "%s", primaryKey: true }
                          - { name: v, type: "%s" }
                    """.formatted(capture, keyType, type));
        }

        @Test
        void jsonKeyColumnIsUnkeyableAndJsonbIsSuggested() {
            assertThat(events("sql-snapshot", "json", "text").validate()).singleElement().satisfies(error(EVENTS, 13,
                    "unkeyable-type", "dataset 'events/events'", "key column 'id' is json",
                    "cannot compare for equality", "declare it jsonb"));
        }

        @Test
        void xmlKeyColumnIsUnkeyableWithoutTheJsonbHint() {
            assertThat(events("sql-snapshot", "xml", "text").validate()).singleElement().satisfies(error(EVENTS, 13,
                    "unkeyable-type", "key column 'id' is xml", "cannot compare for equality"))
                    .satisfies(p -> assertThat(p.message()).doesNotContain("jsonb"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"json[]", "xml[]"})
        void arrayOfJsonOrXmlKeyColumnIsUnkeyable(String type) {
            assertThat(events("sql-snapshot", type, "text").validate()).singleElement().satisfies(error(EVENTS, 13,
                    "unkeyable-type", "key column 'id' is " + type, "cannot compare for equality"));
        }

        @Test
        void jsonAndXmlAreFineOutsideTheKey() {
            assertThat(events("sql-snapshot", "integer", "json").validate()).isEmpty();
            assertThat(events("cdc", "integer", "xml").validate()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"jsonb", "interval", "inet", "cidr", "macaddr", "macaddr8", "bit(4)", "varbit",
                "text[]", "enum('a','b')", "timetz"})
        void keyColumnsOfComparableCarriedTypesAreFine(String type) {
            assertThat(events("sql-snapshot", type, "text").validate()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"timetz", "time with time zone"})
        void timetzColumnCapturedByCdcIsLossy(String type) {
            String canonical = "timetz";
            assertThat(events("cdc", "integer", type).validate()).singleElement().satisfies(error(EVENTS, 14,
                    "cdc-lossy-type", "dataset 'events/events'", "column 'v' is " + canonical, "UTC",
                    "sql-snapshot or sql-watermark"));
        }

        @Test
        void timetzKeyColumnCapturedByCdcIsReportedAtTheKey() {
            assertThat(events("cdc", "timetz", "text").validate()).singleElement().satisfies(error(EVENTS, 13,
                    "cdc-lossy-type", "column 'id' is timetz"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"timetz", "timetz[]"})
        void timetzIsFineForSqlSnapshot(String type) {
            assertThat(events("sql-snapshot", "integer", type).validate()).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"time", "timestamptz", "time[]", "timestamptz[]", "interval", "text", "timetz[]"})
        @org.junit.jupiter.api.DisplayName("other times, and timetz[] (an array comes as its text, offsets kept), are "
                + "fine for cdc")
        void otherTimesAreFineForCdc(String type) {
            assertThat(events("cdc", "integer", type).validate()).isEmpty();
        }
    }

    @Nested
    class Classifications {
        /** production: true at line 6; everything below moves down one line (customers at 19, addresses at 29). */
        private ModelFixture production() {
            return base().insertAfter(CUSTOMERS, 5, "documentation:", "production: true");
        }

        @Test
        void productionDatastoreWithAnUnclassifiedDataset() {
            var fx = production().deleteLine(CUSTOMERS, 20, "classifications:");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 19, "unclassified-dataset",
                    "dataset 'customers/customers'", "production", "classifications:"));
        }

        @Test
        void productionDatastoreWhoseDatasetsAreClassifiedIsFine() {
            assertThat(production().validate()).isEmpty();
        }

        @Test
        void nonProductionDatastoreNeedsNoClassification() {
            var fx = base().deleteLine(CUSTOMERS, 29, "classifications:").deleteLine(CUSTOMERS, 19, "classifications:");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void classifyingEveryColumnIsEnough() {
            var fx = production().deleteLine(CUSTOMERS, 20, "classifications:");
            for (int line = 21; line <= 27; line++) {
                fx.edit(CUSTOMERS, line, " }", ", classifications: [PC1] }");
            }
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        void classifyingSomeColumnsIsNotEnough() {
            var fx = production()
                    .deleteLine(CUSTOMERS, 20, "classifications:")
                    .edit(CUSTOMERS, 21, " }", ", classifications: [PC1] }");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 19, "unclassified-dataset",
                    "dataset 'customers/customers'"));
        }
    }
}

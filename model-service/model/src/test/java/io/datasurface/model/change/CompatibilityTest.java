package io.datasurface.model.change;

import static io.datasurface.model.ModelFixture.CRM_REPO;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM_REPO;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backwards-compatible schema evolution, proposed by the datastore's owner (so authorization is not in
 * the way): nothing dropped, keys unchanged, new columns nullable, nullability only relaxed, types only
 * widened. Line numbers refer to customers.yaml: dataset customers at 18 (columns 21-27: id,
 * first_name, last_name, email, phone, dob, created_at), addresses at 28.
 */
class CompatibilityTest {
    @TempDir
    Path dir;

    ModelFixture base;
    ModelFixture head;

    @BeforeEach
    void copies() {
        base = ModelFixture.base(dir.resolve("base"));
        head = ModelFixture.base(dir.resolve("head"));
    }

    private List<Problem> check() {
        return ChangeChecker.check(base.model(), head.model(), CRM_REPO);
    }

    @Nested
    class Drops {
        @Test
        void droppedDatastore() {
            head.delete(CUSTOMERS);
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 2, "dropped-datastore",
                    "datastore 'customers' was removed", "may not be dropped"));
        }

        @Test
        void droppedDataset() {
            head.deleteLines(CUSTOMERS, 28, "- name: addresses", 37, "name: zip");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 2, "dropped-dataset",
                    "dataset 'customers/addresses' was removed", CUSTOMERS + ":28 of base"));
        }

        @Test
        void droppedColumn() {
            head.deleteLine(CUSTOMERS, 25, "name: phone");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 18, "dropped-column",
                    "dataset 'customers/customers'", "column 'phone' was removed", CUSTOMERS + ":25 of base"));
        }

        @Test
        void renamedColumnIsADroppedColumn() {
            head.edit(CUSTOMERS, 25, "name: phone,", "name: phone_number,");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 18, "dropped-column", "column 'phone'"));
        }

        @Test
        void columnRenamedToTheSameSqlNameIsKept() {
            head.edit(CUSTOMERS, 25, "name: phone,", "name: Phone,");
            assertThat(check()).isEmpty();
        }

        @Test
        void droppingIsRejectedWhoeverProposesIt() {
            head.deleteLine(CUSTOMERS, 25, "name: phone");
            assertThat(ChangeChecker.check(base.model(), head.model(), ECOSYSTEM_REPO)).satisfiesExactly(
                    error(CUSTOMERS, 2, "unauthorized-change", "datastore 'customers'"),
                    error(CUSTOMERS, 18, "dropped-column", "column 'phone'"));
        }
    }

    @Nested
    class Keys {
        @Test
        void columnAddedToThePrimaryKey() {
            head.edit(CUSTOMERS, 22, "nullable: false", "primaryKey: true");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 18, "primary-key-change",
                    "dataset 'customers/customers'", "[id]", "[id, first_name]"));
        }

        @Test
        void primaryKeyMovedToAnotherColumn() {
            head.edit(CUSTOMERS, 21, ",  primaryKey: true", ", nullable: false")
                    .edit(CUSTOMERS, 24, "type: varchar(200)", "type: varchar(200), primaryKey: true, nullable: false");
            assertThat(check()).satisfiesExactly(
                    error(CUSTOMERS, 18, "primary-key-change", "from [id] to [email]"),
                    error(CUSTOMERS, 24, "narrowed-nullability", "column 'email'"));
        }
    }

    @Nested
    class Nullability {
        @Test
        void newNotNullColumn() {
            head.insertAfter(CUSTOMERS, 27, "name: created_at",
                    "      - { name: loyalty, type: integer, nullable: false }");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 28, "new-column-not-nullable",
                    "dataset 'customers/customers'", "new column 'loyalty'", "nullable"));
        }

        @Test
        void newNullableColumnIsFine() {
            head.insertAfter(CUSTOMERS, 27, "name: created_at", "      - { name: loyalty, type: integer }");
            assertThat(check()).isEmpty();
        }

        @Test
        void newDatasetAndNewDatastoreAreFine() {
            head.append(CUSTOMERS, "  - name: notes", "    columns:",
                            "      - { name: id, type: integer, primaryKey: true }",
                            "      - { name: text, type: text, nullable: false }")
                    .write("zones/retail/teams/crm/orders.yaml", ModelFixture.storeDoc("orders", "lines"));
            assertThat(check()).isEmpty();
        }

        @Test
        void nullableColumnBecomingNotNull() {
            head.edit(CUSTOMERS, 24, "type: varchar(200)", "type: varchar(200), nullable: false");
            assertThat(check()).singleElement().satisfies(error(CUSTOMERS, 24, "narrowed-nullability",
                    "dataset 'customers/customers'", "column 'email' became NOT NULL"));
        }

        @Test
        void notNullColumnBecomingNullableIsFine() {
            head.edit(CUSTOMERS, 22, ", nullable: false", "");
            assertThat(check()).isEmpty();
        }
    }

    /** A datastore of its own with one column {@code v} (line 13) whose type changes from base to head. */
    @Nested
    class Types {
        static final String EVENTS = "zones/retail/teams/crm/events.yaml";

        private List<Problem> change(String from, String to) {
            base.write(EVENTS, events(from));
            head.write(EVENTS, events(to));
            return check();
        }

        private static String events(String type) {
            return """
                    kind: Datastore
                    name: events
                    team: crm
                    capture:
                      type: sql-snapshot
                      trigger: external
                      source: { kind: postgres, host: localhost, port: 5432, database: crm }
                      credential: crm_reader
                    datasets:
                      - name: events
                        columns:
                          - { name: id, type: integer, primaryKey: true }
                          - { name: v, type: "%s" }
                    """.formatted(type);
        }

        @ParameterizedTest(name = "{0} -> {1} widens")
        @CsvSource(delimiter = ';', value = {
                "varchar(10); varchar(20)",
                "varchar(10); text",
                "char(2); varchar(5)",
                "char(2); char(4)",
                "char(2); text",
                "smallint; integer",
                "integer; bigint",
                "smallint; bigint",
                "decimal(10,2); decimal(12,2)",
                "decimal(10,2); decimal",
                "real; double",
                "date; timestamp",
                "varchar(10); varchar(10)",
                "int; integer",
                "numeric(10,2); DECIMAL(10, 2)",
                "character varying(20); varchar(20)",
                "enum('a','b'); enum('a','b','c')",
                "enum('a','b'); enum('c','b','a')",
                "enum('a','b'); text",
                "bit(4); varbit(8)",
                "bit(4); varbit(4)",
                "bit(4); bit varying",
                "varbit(4); varbit(8)",
                "varbit(4); varbit",
                "text[]; text[]",
                "time with time zone; timetz",
                "numeric(8,2)[]; decimal(8,2)[]",
        })
        void wideningPasses(String from, String to) {
            assertThat(change(from, to)).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1} narrows")
        @CsvSource(delimiter = ';', value = {
                "varchar(20); varchar(10); varchar(20); varchar(10)",
                "text; varchar(10); text; varchar(10)",
                "varchar(5); char(2); varchar(5); char(2)",
                "integer; smallint; integer; smallint",
                "bigint; integer; bigint; integer",
                "bigint; smallint; bigint; smallint",
                "decimal(12,2); decimal(10,2); decimal(12,2); decimal(10,2)",
                "decimal; decimal(10,2); decimal; decimal(10,2)",
                "double precision; real; double; real",
                "timestamp; date; timestamp; date",
                "varbit(8); bit(4); varbit(8); bit(4)",
                "varbit; varbit(8); varbit; varbit(8)",
                "text; enum('a'); text; enum('a')",
        })
        void narrowingFails(String from, String to, String fromCanonical, String toCanonical) {
            assertThat(change(from, to)).singleElement().satisfies(error(EVENTS, 13, "narrowed-type",
                    "dataset 'events/events'", "column 'v' changed from " + fromCanonical + " to " + toCanonical,
                    "narrows"));
        }

        @ParameterizedTest(name = "{0} -> {1} is incompatible")
        @CsvSource(delimiter = ';', value = {
                "integer; varchar(20)",
                "decimal(10,2); decimal(12,3)",
                "decimal(10,2); decimal(10,0)",
                "varchar(20); integer",
                "timestamp; timestamptz",
                "date; timestamptz",
                "integer; double",
                "boolean; smallint",
                "uuid; text",
                "time; timestamp",
                "integer[]; bigint[]",
                "varchar(10)[]; text[]",
                "text[]; text",
                "text; text[]",
                "json; jsonb",
                "jsonb; json",
                "json; text",
                "bit(4); bit(8)",
                "inet; cidr",
                "timetz; time",
                "interval; text",
                "enum('a','b'); enum('a','c')",
        })
        void otherChangesFail(String from, String to) {
            assertThat(change(from, to)).singleElement().satisfies(error(EVENTS, 13, "incompatible-type",
                    "column 'v' changed from", "not a widening"));
        }

        @Test
        void anEnumLosingAValueNarrowsAndSaysEnumsMayOnlyGainValues() {
            assertThat(change("enum('sad','ok','happy')", "enum('sad','happy')")).singleElement().satisfies(error(
                    EVENTS, 13, "narrowed-type", "column 'v' changed from enum('sad','ok','happy') to "
                            + "enum('sad','happy')", "narrows", "(an enum may gain values but not lose any)"));
        }

        @Test
        void otherNarrowingsDoNotTalkAboutEnums() {
            assertThat(change("text", "enum('a')")).singleElement().satisfies(error(EVENTS, 13, "narrowed-type"))
                    .satisfies(p -> assertThat(p.message()).doesNotContain("an enum may gain"));
        }

        @Test
        void notAWideningListsTheWideningsOfTheNewTypes() {
            assertThat(change("integer[]", "bigint[]")).singleElement().satisfies(error(EVENTS, 13,
                    "incompatible-type", "changed from integer[] to bigint[]", "bit(n) → varbit(m ≥ n) → varbit",
                    "enum → an enum with more values → text"));
        }

        @Test
        void typeTheHeadDoesNotUnderstandIsLeftToLint() {
            // the loader reports the unknown type; the change check compares only types it understands
            base.write(EVENTS, events("integer"));
            head.write(EVENTS, events("integr"));
            assertThat(ChangeChecker.check(base.model(), head.load().model(), CRM_REPO)).isEmpty();
        }
    }

    @Test
    void namelessKeyColumnIsReportedNotThrown() {
        head.edit(CUSTOMERS, 21, "name: id,", "");
        assertThat(head.load().problems()).singleElement().satisfies(error(CUSTOMERS, 21, "missing-key",
                "column needs 'name:'"));
        assertThat(ChangeChecker.check(base.model(), head.load().model(), CRM_REPO)).satisfiesExactly(
                error(CUSTOMERS, 18, "dropped-column", "column 'id' was removed", CUSTOMERS + ":21 of base"),
                error(CUSTOMERS, 18, "primary-key-change", "from [id] to []"));
    }
}

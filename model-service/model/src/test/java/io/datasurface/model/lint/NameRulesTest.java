package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.ZONE;
import static io.datasurface.model.ModelFixture.storeDoc;
import static io.datasurface.model.ModelFixture.workspaceDoc;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names: identifiers, unique (as SQL names where they become SQL), and not reserved. */
class NameRulesTest {
    private static final String ORDERS = "zones/retail/teams/crm/orders.yaml";

    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Nested
    class Duplicates {
        @Test
        void datastoreDefinedTwice() {
            var fx = base().write(ORDERS, storeDoc("customers", "orders"));
            assertThat(fx.validate()).singleElement().satisfies(error(ORDERS, 1, "duplicate-name",
                    "datastore 'customers' is defined twice", CUSTOMERS + ":2"));
        }

        @Test
        void datastoresWhoseSqlNamesClash() {
            var fx = base().write(ORDERS, storeDoc("Customers", "orders"));
            assertThat(fx.validate()).singleElement().satisfies(error(ORDERS, 1, "duplicate-name",
                    "datastore 'Customers'", "both are 'customers' in SQL", CUSTOMERS + ":2"));
        }

        @Test
        void datasetDefinedTwice() {
            var fx = base().append(CUSTOMERS,
                    "  - name: addresses",
                    "    columns:",
                    "      - { name: id, type: integer, primaryKey: true }");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 38, "duplicate-name",
                    "dataset 'addresses' is defined twice", CUSTOMERS + ":28"));
        }

        @Test
        void columnDefinedTwice() {
            var fx = base().insertAfter(CUSTOMERS, 24, "name: email", "      - { name: email, type: text }");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 25, "duplicate-name",
                    "column 'email' is defined twice", CUSTOMERS + ":24"));
        }

        @ParameterizedTest(name = "{0} vs first_name")
        @ValueSource(strings = {"first-name", "First_Name", "FIRST-NAME"})
        void columnsWhoseSqlNamesClash(String name) {
            var fx = base()
                    .insertAfter(CUSTOMERS, 22, "name: first_name", "      - { name: " + name + ", type: text }");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 23, "duplicate-name",
                    "column '" + name + "'", "both are 'first_name' in SQL", CUSTOMERS + ":22"));
        }

        @Test
        void workspaceDefinedTwice() {
            String second = "zones/retail/teams/analytics/second.yaml";
            var fx = base().write(second, workspaceDoc("analytics", "live", "customers/customers"));
            assertThat(fx.validate()).singleElement().satisfies(error(second, 1, "duplicate-name",
                    "workspace 'analytics' is defined twice", ANALYTICS + ":2"));
        }

        @Test
        void datasetGroupDefinedTwice() {
            var fx = base().append(ANALYTICS, "  - name: live", "    sinks: [customers/customers]");
            assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 13, "duplicate-name",
                    "dataset group 'live' is defined twice", ANALYTICS + ":7"));
        }

        @Test
        void platformsWhoseSqlNamesClash() {
            var fx = base().edit(ECOSYSTEM, 32, "yellow_forensic]", "yellow_forensic, yellow-live]")
                    .insertAfter(ECOSYSTEM, 28, "credential: merge_rw",
                    "  - name: yellow-live",
                    "    kind: yellow",
                    "    milestoning: live-only",
                    "    mergeStore: merge_db",
                    "    credential: merge_rw");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 29, "duplicate-name",
                    "platform 'yellow-live'", "both are 'yellow_live' in SQL", ECOSYSTEM + ":19"));
        }

        @Test
        void teamDeclaredTwice() {
            var fx = base().append(ZONE, "  - name: crm", "    repo: github:acme/other-model@main");
            assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 8, "duplicate-name",
                    "team 'crm' is defined twice", ZONE + ":4"));
        }

        @Test
        void teamDeclaredByTwoZones() {
            String finance = "zones/finance/zone.yaml";
            var fx = base()
                    .insertAfter(ECOSYSTEM, 9, "retail-model",
                            "  - name: finance", "    repo: github:acme/finance-model@main")
                    .write(finance, """
                            kind: GovernanceZone
                            name: finance
                            teams:
                              - name: crm
                                repo: github:acme/finance-crm@main
                            """);
            // files are read in path order: zones/finance/... before zones/retail/...
            assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 4, "duplicate-name",
                    "team 'crm' is defined twice", finance + ":4"));
        }

        @Test
        void zoneDeclaredTwiceByTheEcosystem() {
            var fx = base()
                    .insertAfter(ECOSYSTEM, 9, "retail-model",
                            "  - name: retail", "    repo: github:acme/other-model@main");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 10, "duplicate-name",
                    "zone 'retail' is defined twice", ECOSYSTEM + ":8"));
        }

        @Test
        void governanceZoneDocumentWrittenTwice() {
            String copy = "zones/retail/zone2.yaml";
            var fx = base().write(copy, "kind: GovernanceZone\nname: retail\n");
            assertThat(fx.validate()).singleElement().satisfies(error(copy, 1, "duplicate-name",
                    "zone 'retail' is defined twice", ZONE + ":1"));
        }

        @Test
        void columnsThatPostgresTruncatesToTheSameName() {
            String common = "customer_lifetime_value_in_the_reporting_currency_excluding_tax";
            assertThat(common).hasSize(63);
            var fx = base().insertAfter(CUSTOMERS, 27, "name: created_at",
                    "      - { name: " + common + "_2023, type: integer }",
                    "      - { name: " + common + "_2024, type: integer }");
            // PostgreSQL would silently truncate both to the same 63 characters: each long name is an error
            assertThat(fx.validate()).filteredOn(Problem::isError).satisfiesExactly(
                    error(CUSTOMERS, 28, "name-too-long", common + "_2023", "68 characters"),
                    error(CUSTOMERS, 29, "name-too-long", common + "_2024", "68 characters"));
        }

        @Test
        void containerDefinedTwice() {
            var fx = base().insertAfter(ECOSYSTEM, 16, "database: datasurface",
                    "  - name: merge_db",
                    "    kind: postgres",
                    "    host: elsewhere",
                    "    port: 5432",
                    "    database: datasurface");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 17, "duplicate-name",
                    "container 'merge_db' is defined twice", ECOSYSTEM + ":12"));
        }
    }

    @Nested
    class Identifiers {
        @ParameterizedTest(name = "column ''{0}''")
        @ValueSource(strings = {"\"first name\"", "1st_name", "first.name", "_first", "prénom", "\"\""})
        void columnNameThatIsNotAnIdentifier(String name) {
            var fx = base().edit(CUSTOMERS, 22, "name: first_name", "name: " + name);
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 22, "invalid-name",
                    "column name", "not an identifier"));
        }

        @Test
        void datasetNameThatIsNotAnIdentifier() {
            var fx = base().write(ORDERS, storeDoc("orders", "2024_orders"));
            assertThat(fx.validate()).singleElement().satisfies(error(ORDERS, 10, "invalid-name",
                    "dataset name '2024_orders'"));
        }

        @Test
        void datastoreNameThatIsNotAnIdentifier() {
            var fx = base().write(ORDERS, storeDoc("crm.orders", "orders"));
            assertThat(fx.validate()).singleElement().satisfies(error(ORDERS, 1, "invalid-name",
                    "datastore name 'crm.orders'"));
        }

        @Test
        void workspaceAndGroupNamesThatAreNotIdentifiers() {
            String file = "zones/retail/teams/analytics/bad.yaml";
            var fx = base().write(file, workspaceDoc("my ws", "2nd", "customers/customers"));
            assertThat(fx.validate()).filteredOn(Problem::isError).satisfiesExactly(
                    error(file, 1, "invalid-name", "workspace name 'my ws'"),
                    error(file, 5, "invalid-name", "dataset group name '2nd'"));
        }

        @Test
        void teamZoneAndPlatformNamesThatAreNotIdentifiers() {
            var fx = base().append(ZONE, "  - name: data science", "    repo: github:acme/ds@main")
                    .edit(ECOSYSTEM, 32, "yellow_forensic]", "yellow_forensic, yellow/test]")
                    .insertAfter(ECOSYSTEM, 28, "credential: merge_rw",
                            "  - name: yellow/test",
                            "    kind: yellow",
                            "    milestoning: live-only",
                            "    mergeStore: merge_db",
                            "    credential: merge_rw");
            assertThat(fx.validate()).satisfiesExactly(
                    error(ECOSYSTEM, 29, "invalid-name", "platform name 'yellow/test'"),
                    error(ZONE, 8, "invalid-name", "team name 'data science'"));
        }

        @ParameterizedTest(name = "''{0}'' is fine")
        @ValueSource(strings = {"Customer-Data", "a", "A1_b-2"})
        void lettersDigitsUnderscoreAndDashAreFine(String name) {
            var fx = base().edit(CUSTOMERS, 25, "name: phone", "name: " + name);
            assertThat(fx.validate()).isEmpty();
        }
    }

    @Nested
    class Reserved {
        @ParameterizedTest(name = "{0}")
        @CsvSource({"ds_surf_batch_in", "DS_SURF_ID", "ds-surf-hash"})
        void columnUsingTheReservedPrefix(String name) {
            var fx = base().edit(CUSTOMERS, 25, "name: phone", "name: " + name);
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 25, "reserved-name",
                    "column '" + name + "'", "'ds_surf_'"));
        }

        @Test
        void prefixOnlyCountsAtTheStart() {
            var fx = base().edit(CUSTOMERS, 25, "name: phone", "name: phone_ds_surf_");
            assertThat(fx.validate()).isEmpty();
        }
    }
}

package io.datasurface.model.change;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.ANALYTICS_REPO;
import static io.datasurface.model.ModelFixture.CRM_REPO;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.ECOSYSTEM_REPO;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ModelFixture.RETAIL_REPO;
import static io.datasurface.model.ModelFixture.ZONE;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may change what: the ecosystem repo its document, zone declarations, containers, platforms and
 * the mapping; a zone's repo its GovernanceZone and team declarations; a team's repo its datastores
 * and workspaces. Each test edits a copy of the base model (head) and checks it against the base.
 */
class AuthorizationTest {
    @TempDir
    Path dir;

    ModelFixture base;
    ModelFixture head;

    @BeforeEach
    void copies() {
        base = ModelFixture.base(dir.resolve("base"));
        head = ModelFixture.base(dir.resolve("head"));
    }

    private List<Problem> proposedBy(String repo) {
        return ChangeChecker.check(base.model(), head.model(), repo);
    }

    @Test
    void identicalModelsHaveNoProblemsForAnyKnownRepo() {
        for (String repo : List.of(ECOSYSTEM_REPO, RETAIL_REPO, CRM_REPO, ANALYTICS_REPO)) {
            assertThat(proposedBy(repo)).as(repo).isEmpty();
        }
    }

    @Test
    void unknownRepoIsRejectedOutright() {
        head.edit(CUSTOMERS, 5, "documentation: Customers", "documentation: All customers");
        assertThat(proposedBy("github:evil/model@main")).singleElement().satisfies(error(ECOSYSTEM, 3, "unknown-repo",
                "repo 'github:evil/model@main'", "may not change it", CRM_REPO, ECOSYSTEM_REPO));
    }

    @Test
    void unknownRepoIsRejectedEvenWithoutChanges() {
        assertThat(proposedBy("github:acme/crm-model@dev")).singleElement().satisfies(error(ECOSYSTEM, 3,
                "unknown-repo", "'github:acme/crm-model@dev'"));
    }

    @Nested
    @DisplayName("credential declarations: only the ecosystem repo says who may use a credential, and where")
    class Credentials {
        @Test
        void ecosystemRepoMayAllowAHost() {
            head.edit(ECOSYSTEM, 36, "127.0.0.1]", "127.0.0.1, crm-replica.example.com]");
            assertThat(proposedBy(ECOSYSTEM_REPO)).isEmpty();
        }

        @Test
        @DisplayName("a team cannot allow its credential against a server of its own")
        void teamRepoMayNotChangeWhereItsCredentialMayBeUsed() {
            head.edit(ECOSYSTEM, 36, "127.0.0.1]", "127.0.0.1, collector.evil.example.com]");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ECOSYSTEM, 34, "unauthorized-change",
                    "credential declaration 'crm_reader' was changed by repo '" + CRM_REPO + "'", "the ecosystem",
                    ECOSYSTEM_REPO));
        }

        @Test
        @DisplayName("a team cannot give itself the merge store's credential")
        void teamRepoMayNotAddItselfToAnotherCredential() {
            head.edit(ECOSYSTEM, 32, "platforms: [yellow_live, yellow_forensic]",
                    "platforms: [yellow_live, yellow_forensic]\n    teams: [analytics]");
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(ECOSYSTEM, 31,
                    "unauthorized-change", "credential declaration 'merge_rw' was changed"));
        }

        @Test
        void zoneRepoMayNotAddOrRemoveADeclaration() {
            head.deleteLines(ECOSYSTEM, 34, "name: crm_reader", 36, "hosts:")
                    .append(ECOSYSTEM, "  - { name: retail_reader, zones: [retail], hosts: [localhost] }");
            assertThat(proposedBy(RETAIL_REPO)).satisfiesExactly(
                    error(ECOSYSTEM, 34, "unauthorized-change", "credential declaration 'crm_reader' was removed"),
                    error(ECOSYSTEM, 34, "unauthorized-change", "credential declaration 'retail_reader' was added"));
        }
    }

    @Nested
    class Ecosystem {
        @Test
        void ecosystemRepoMayChangeAPlatform() {
            head.edit(ECOSYSTEM, 23, "credential: merge_rw", "credential: merge_admin");
            assertThat(proposedBy(ECOSYSTEM_REPO)).isEmpty();
        }

        @Test
        void teamRepoMayNotChangeAPlatform() {
            head.edit(ECOSYSTEM, 23, "credential: merge_rw", "credential: merge_admin");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ECOSYSTEM, 19, "unauthorized-change",
                    "platform 'yellow_live' was changed by repo '" + CRM_REPO + "'", "the ecosystem",
                    "'" + ECOSYSTEM_REPO + "'"));
        }

        @Test
        void zoneRepoMayNotAddAPlatform() {
            head.insertAfter(ECOSYSTEM, 28, "credential: merge_rw", "  - name: yellow_test", "    kind: yellow", "    milestoning: live-only",
                    "    mergeStore: merge_db", "    credential: merge_rw");
            assertThat(proposedBy(RETAIL_REPO)).singleElement().satisfies(error(ECOSYSTEM, 29, "unauthorized-change",
                    "platform 'yellow_test' was added", "the ecosystem"));
        }

        @Test
        void zoneRepoMayNotChangeItsOwnZoneDeclaration() {
            head.edit(ECOSYSTEM, 9, "github:acme/retail-model@main", "github:acme/retail-model@release");
            assertThat(proposedBy(RETAIL_REPO)).singleElement().satisfies(error(ECOSYSTEM, 8, "unauthorized-change",
                    "zone declaration 'retail' was changed", "the ecosystem"));
        }

        @Test
        void teamRepoMayNotChangeAContainer() {
            head.edit(ECOSYSTEM, 14, "host: localhost", "host: db.example.com");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ECOSYSTEM, 12, "unauthorized-change",
                    "container 'merge_db' was changed", "the ecosystem"));
        }

        @Test
        void ecosystemRepoMayChangeTheMapping() {
            head.edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONING\"");
            assertThat(proposedBy(ECOSYSTEM_REPO)).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {ANALYTICS_REPO, RETAIL_REPO, CRM_REPO})
        void onlyTheEcosystemRepoMayChangeTheMapping(String repo) {
            head.edit(MAPPING, 3, "\"PROVISIONED\"", "\"DECOMMISSIONING\"");
            assertThat(proposedBy(repo)).singleElement().satisfies(error(MAPPING, 2, "unauthorized-change",
                    "platform mapping of 'analytics/live' was changed by repo '" + repo + "'", "the ecosystem"));
        }

        @Test
        void onlyTheEcosystemRepoMayAddAMappingEntry() {
            head.append(ANALYTICS, "  - name: extra", "    sinks: [customers/customers]")
                    .addMappings(ModelFixture.mappingEntry("analytics", "extra", "yellow_live", "PROVISIONING"));
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(MAPPING, 6, "unauthorized-change",
                    "platform mapping of 'analytics/extra' was added"));
        }
    }

    @Nested
    class Zones {
        static final String FINANCE_REPO = "github:acme/finance-model@main";
        static final String FINANCE = "zones/finance/zone.yaml";

        /** Declares a second zone, finance (team ledger at line 4), in both versions. */
        @BeforeEach
        void secondZone() {
            for (ModelFixture fx : List.of(base, head)) {
                fx.insertAfter(ECOSYSTEM, 9, "retail-model", "  - name: finance", "    repo: " + FINANCE_REPO)
                        .write(FINANCE, """
                                kind: GovernanceZone
                                name: finance
                                teams:
                                  - name: ledger
                                    repo: github:acme/ledger-model@main
                                """);
            }
        }

        @Test
        void zoneRepoMayDeclareATeam() {
            head.append(ZONE, "  - name: billing", "    repo: github:acme/billing-model@main");
            assertThat(proposedBy(RETAIL_REPO)).isEmpty();
        }

        @Test
        void zoneRepoMayChangeATeamsRepo() {
            head.edit(ZONE, 5, "github:acme/crm-model@main", "github:acme/crm-model@release");
            assertThat(proposedBy(RETAIL_REPO)).isEmpty();
        }

        @Test
        void zoneRepoMayNotDeclareATeamInAnotherZone() {
            head.append(FINANCE, "  - name: billing", "    repo: github:acme/billing-model@main");
            assertThat(proposedBy(RETAIL_REPO)).singleElement().satisfies(error(FINANCE, 6, "unauthorized-change",
                    "team declaration 'billing' was added by repo '" + RETAIL_REPO + "'", "zone 'finance'",
                    "'" + FINANCE_REPO + "'"));
        }

        @Test
        void zoneRepoMayNotChangeAnotherZonesTeam() {
            head.edit(ZONE, 5, "github:acme/crm-model@main", "github:acme/crm-model@release");
            assertThat(proposedBy(FINANCE_REPO)).singleElement().satisfies(error(ZONE, 4, "unauthorized-change",
                    "team declaration 'crm' was changed by repo '" + FINANCE_REPO + "'", "zone 'retail'",
                    "'" + RETAIL_REPO + "'"));
        }

        @Test
        void zoneRepoMayNotRemoveAnotherZonesTeam() {
            head.deleteLines(ZONE, 6, "- name: analytics", 7, "analytics-model");
            assertThat(proposedBy(FINANCE_REPO)).singleElement().satisfies(error(ZONE, 6, "unauthorized-change",
                    "team declaration 'analytics' was removed", "zone 'retail'"));
        }

        @Test
        void teamRepoMayNotChangeItsOwnDeclaration() {
            head.edit(ZONE, 5, "github:acme/crm-model@main", "github:acme/crm-model@release");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ZONE, 4, "unauthorized-change",
                    "team declaration 'crm' was changed", "zone 'retail'"));
        }
    }

    @Nested
    class Teams {
        @Test
        void teamRepoMayChangeItsDatastore() {
            head.edit(CUSTOMERS, 5, "documentation: Customers", "documentation: All customers");
            assertThat(proposedBy(CRM_REPO)).isEmpty();
        }

        @Test
        void anotherTeamsRepoMayNotChangeADatastore() {
            head.edit(CUSTOMERS, 5, "documentation: Customers", "documentation: All customers");
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(CUSTOMERS, 2, "unauthorized-change",
                    "datastore 'customers' was changed by repo '" + ANALYTICS_REPO + "'", "team 'crm'",
                    "'" + CRM_REPO + "'"));
        }

        @Test
        void zoneRepoMayNotChangeATeamsDatastore() {
            head.edit(CUSTOMERS, 10, "\"*/1 * * * *\"", "\"*/5 * * * *\"");
            assertThat(proposedBy(RETAIL_REPO)).singleElement().satisfies(error(CUSTOMERS, 2, "unauthorized-change",
                    "datastore 'customers' was changed", "team 'crm'"));
        }

        @Test
        void teamRepoMayChangeItsWorkspace() {
            head.edit(ANALYTICS, 9, "[customers/customers, customers/addresses]", "[customers/customers]");
            assertThat(proposedBy(ANALYTICS_REPO)).isEmpty();
        }

        @Test
        void anotherTeamsRepoMayNotChangeAWorkspace() {
            head.edit(ANALYTICS, 9, "[customers/customers, customers/addresses]", "[customers/customers]");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ANALYTICS, 2, "unauthorized-change",
                    "workspace 'analytics' was changed by repo '" + CRM_REPO + "'", "team 'analytics'"));
        }

        @Test
        void anotherTeamsRepoMayNotRemoveAWorkspace() {
            head.delete(ANALYTICS);
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(ANALYTICS, 2, "unauthorized-change",
                    "workspace 'analytics' was removed", "team 'analytics'"));
        }

        @Test
        void newDatastoreMayBeAddedByItsOwner() {
            head.write("zones/retail/teams/crm/orders.yaml", ModelFixture.storeDoc("orders", "lines"));
            assertThat(proposedBy(CRM_REPO)).isEmpty();
        }

        @Test
        void newDatastoreMayNotBeAddedByAnotherTeam() {
            String orders = "zones/retail/teams/crm/orders.yaml";
            head.write(orders, ModelFixture.storeDoc("orders", "lines"));
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(orders, 1, "unauthorized-change",
                    "datastore 'orders' was added", "team 'crm'"));
        }

        @Test
        void newDatastoreOfAnUndeclaredTeamCannotBeAddedByAnyone() {
            String orders = "zones/retail/teams/crm/orders.yaml";
            head.write(orders, ModelFixture.storeDoc("orders", "lines")).edit(orders, 3, "team: crm", "team: sales");
            assertThat(proposedBy(CRM_REPO)).singleElement().satisfies(error(orders, 1, "unauthorized-change",
                    "datastore 'orders' was added", "team 'sales'", "not declared with a repo"));
        }

        @Test
        void ownerMayHandADatastoreOver() {
            head.edit(CUSTOMERS, 4, "team: crm", "team: analytics");
            assertThat(proposedBy(CRM_REPO)).isEmpty();
        }

        @Test
        void newOwnerMayNotTakeADatastore() {
            head.edit(CUSTOMERS, 4, "team: crm", "team: analytics");
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(CUSTOMERS, 2, "unauthorized-change",
                    "datastore 'customers' was changed by repo '" + ANALYTICS_REPO + "'", "team 'crm'"));
        }

        @Test
        void changesOfSeveralOwnersAreEachReported() {
            head.edit(CUSTOMERS, 5, "documentation: Customers", "documentation: All customers")
                    .edit(ECOSYSTEM, 23, "credential: merge_rw", "credential: merge_admin")
                    .edit(ANALYTICS, 9, "[customers/customers, customers/addresses]", "[customers/customers]");
            assertThat(proposedBy(ANALYTICS_REPO)).satisfiesExactly(
                    error(ECOSYSTEM, 19, "unauthorized-change", "platform 'yellow_live'"),
                    error(CUSTOMERS, 2, "unauthorized-change", "datastore 'customers'"));
        }
    }

    @Nested
    class MovingTextAround {
        @Test
        void reorderedKeysCommentsAndBlankLinesAreNoChange() {
            head.write(CUSTOMERS, """
                    # Reordered: team first, datasets before capture, keys of the flow maps shuffled.
                    team: crm
                    kind: Datastore

                    name: customers
                    datasets:
                      - name: customers
                        columns:
                          - { type: varchar(20),  name: id, primaryKey: true }
                          - { nullable: false, name: first_name, type: varchar(100) }
                          - { name: last_name,  type: varchar(100), nullable: false }
                          - { name: email,      type: varchar(200) }   # may be missing
                          - { name: phone,      type: varchar(30) }
                          - { name: dob,        type: date }
                          - { name: created_at, type: timestamp,    nullable: false }
                        classifications: [PC3]
                      - classifications: [PC3]
                        name: addresses
                        columns:
                          - name: id
                            type: varchar(20)
                            primaryKey: true
                          - { name: customer_id, type: varchar(20),  nullable: false }
                          - { name: kind,        type: varchar(10),  nullable: false }
                          - { name: street,      type: varchar(200), nullable: false }
                          - { name: city,        type: varchar(100), nullable: false }
                          - { name: state,       type: char(2) }
                          - { name: zip,         type: varchar(10) }
                    capture:
                      credential: crm_reader
                      source: { database: crm, port: 5432, host: localhost, kind: postgres }
                      trigger: { cron: "*/1 * * * *" }
                      consistency: multi-dataset
                      type: sql-snapshot
                    documentation: Customers and their billing and shipping addresses, from the CRM database.
                    """);
            head.write(ECOSYSTEM, """
                    kind: Ecosystem
                    credentials:
                      - { hosts: [localhost, 127.0.0.1], name: crm_reader, teams: [crm] }
                      - containers: [merge_db]
                        platforms: [yellow_live, yellow_forensic]
                        name: merge_rw
                    platforms:
                      - { name: yellow_forensic, kind: yellow, milestoning: forensic, mergeStore: merge_db, credential: merge_rw }
                      - { name: yellow_live, kind: yellow, milestoning: live-only, mergeStore: merge_db, credential: merge_rw }
                    containers:
                      - { name: merge_db, kind: postgres, host: localhost, port: 5432, database: datasurface }
                    zones:
                      - { repo: "github:acme/retail-model@main", name: retail }
                    repo: github:acme/datasurface-model@main
                    name: acme
                    """);
            head.write(MAPPING, """
                    [
                      {"dsg": "audit", "workspace": "analytics",
                       "assignments": [{"status": "PROVISIONED", "dataPlatform": "yellow_forensic"}]},

                      {"workspace": "analytics", "dsg": "live", "assignments": [
                          {"dataPlatform": "yellow_live", "status": "PROVISIONED"}
                      ]}
                    ]
                    """);
            head.insertAtTop(ZONE, "# The retail zone", "")
                    .insertAfter(ANALYTICS, 6, "datasetGroups:", "  # live first");
            assertThat(head.validate()).isEmpty();
            for (String repo : List.of(ECOSYSTEM_REPO, RETAIL_REPO, CRM_REPO, ANALYTICS_REPO)) {
                assertThat(proposedBy(repo)).as(repo).isEmpty();
            }
        }

        @Test
        void movingADatastoreToAnotherFileIsNoChange() {
            String moved = "datastores/crm/customers.yaml";
            head.write(moved, "\n\n" + head.read(CUSTOMERS)).delete(CUSTOMERS);
            assertThat(proposedBy(ANALYTICS_REPO)).isEmpty();
        }

        @Test
        void typeSpellingIsPartOfTheContent() {
            // a different spelling is a change of the datastore, though the same SQL type: only its owner may make it
            head.edit(CUSTOMERS, 26, "type: date", "type: DATE");
            assertThat(proposedBy(CRM_REPO)).isEmpty();
            assertThat(proposedBy(ANALYTICS_REPO)).singleElement().satisfies(error(CUSTOMERS, 2,
                    "unauthorized-change", "datastore 'customers' was changed"));
        }
    }
}

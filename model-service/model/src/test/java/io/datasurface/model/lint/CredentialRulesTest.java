package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.ECOSYSTEM_REPO;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials are bound to who may use them and against which databases, by the ecosystem. The base
 * model declares merge_rw (lines 31-33: the two platforms, container merge_db) and crm_reader (lines
 * 34-36: team crm, hosts localhost and 127.0.0.1); customers.yaml names crm_reader at line 16, its
 * inline source's host is at line 13.
 */
class CredentialRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    /** A datastore of team analytics (lines as {@link ModelFixture#storeDoc}: credential at line 8). */
    private static String analyticsStore(String credential) {
        return ModelFixture.storeDoc("scores", "scores").replace("team: crm", "team: analytics")
                .replace("credential: crm_reader", "credential: " + credential);
    }

    @Nested
    class Uses {
        @Test
        void theBaseModelBindsEveryCredentialItUses() {
            assertThat(base().validate()).isEmpty();
        }

        @Test
        @DisplayName("a model from before credential bindings: one undeclared-credential per use, naming the ecosystem repo")
        void aModelWithoutDeclarationsFailsOncePerUse() {
            var fx = base().deleteLines(ECOSYSTEM, 30, "credentials:", 36, "hosts:");
            assertThat(fx.load().problems()).isEmpty();
            assertThat(fx.validate()).satisfiesExactly(
                    error(ECOSYSTEM, 23, "undeclared-credential", "platform 'yellow_live' uses credential 'merge_rw'",
                            ECOSYSTEM_REPO),
                    error(ECOSYSTEM, 28, "undeclared-credential", "platform 'yellow_forensic' uses credential 'merge_rw'"),
                    error(CUSTOMERS, 16, "undeclared-credential", "uses credential 'crm_reader'"));
        }

        @Test
        void anUndeclaredCredentialIsRefusedAtItsUse() {
            var fx = base().edit(CUSTOMERS, 16, "crm_reader", "crm_reder");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 16, "undeclared-credential",
                    "datastore 'customers' of team 'crm' (zone 'retail') uses credential 'crm_reder'",
                    "which the ecosystem does not declare (did you mean 'crm_reader'?)", ECOSYSTEM_REPO,
                    "'credentials:'"));
        }

        @Test
        void anUndeclaredPlatformCredentialIsRefused() {
            var fx = base().edit(ECOSYSTEM, 23, "credential: merge_rw", "credential: merge_admin");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 23, "undeclared-credential",
                    "platform 'yellow_live' uses credential 'merge_admin'"));
        }

        @Test
        @DisplayName("a team cannot use the merge store's credential for its own source")
        void aDatastoreMayNotUseThePlatformsCredential() {
            var fx = base().edit(CUSTOMERS, 16, "crm_reader", "merge_rw");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 16, "credential-not-allowed",
                    "datastore 'customers' of team 'crm' (zone 'retail') may not use credential 'merge_rw'",
                    "allows it for platforms yellow_live, yellow_forensic", "ask the ecosystem repo"));
        }

        @Test
        @DisplayName("a team cannot use another team's credential")
        void aDatastoreOfAnotherTeamMayNotUseACredential() {
            String file = "zones/retail/teams/analytics/scores.yaml";
            var fx = base().write(file, analyticsStore("crm_reader"));
            assertThat(fx.validate()).singleElement().satisfies(error(file, 8, "credential-not-allowed",
                    "datastore 'scores' of team 'analytics' (zone 'retail') may not use credential 'crm_reader'",
                    "allows it for teams crm"));
        }

        @Test
        @DisplayName("a team cannot point its own credential at a server of its choosing")
        void aCredentialPointedAtAnotherHostIsRefused() {
            var fx = base().edit(CUSTOMERS, 13, "host: localhost", "host: collector.evil.example.com");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 16, "credential-not-allowed",
                    "may not use credential 'crm_reader' against its source (collector.evil.example.com:5432/crm)",
                    "allows it only against hosts localhost, 127.0.0.1", "point it at an allowed database"));
        }

        @Test
        void hostsCompareIgnoringCase() {
            assertThat(base().edit(CUSTOMERS, 13, "host: localhost", "host: LocalHost").validate()).isEmpty();
        }

        @Test
        void everyHostOfAMultiHostUrlMustBeAllowed() {
            var fx = base().edit(CUSTOMERS, 12, "kind: postgres", "kind: jdbc")
                    .deleteLines(CUSTOMERS, 13, "host: localhost", 15, "database: crm")
                    .insertAfter(CUSTOMERS, 12, "kind: jdbc", "    url: jdbc:postgresql://localhost,evil.example.com/crm");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 14, "credential-not-allowed",
                    "against its source (jdbc:postgresql://localhost,evil.example.com/crm)"));
        }

        @Test
        void thePlatformsCredentialOnAnotherContainerIsRefused() {
            var fx = base().insertAfter(ECOSYSTEM, 16, "database: datasurface", "  - name: other_db",
                    "    kind: postgres", "    host: other.example.com", "    port: 5432", "    database: ds")
                    .edit(ECOSYSTEM, 27, "mergeStore: merge_db", "mergeStore: other_db");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 28, "credential-not-allowed",
                    "platform 'yellow_live' may not use credential 'merge_rw' against its merge store container "
                            + "'other_db' (other.example.com:5432/ds)", "allows it only against containers merge_db"));
        }

        @Test
        void aZoneBindingAllowsEveryTeamOfTheZone() {
            String file = "zones/retail/teams/analytics/scores.yaml";
            var fx = base().edit(ECOSYSTEM, 35, "teams: [crm]", "zones: [retail]").write(file, analyticsStore("crm_reader"));
            assertThat(fx.validate()).isEmpty();
        }
    }

    @Nested
    class Containers {
        /** crm_reader allowed only on container crm_db (line 17 on), not on any host. */
        private ModelFixture boundToContainer() {
            return base().insertAfter(ECOSYSTEM, 16, "database: datasurface", "  - name: crm_db",
                            "    kind: postgres", "    host: crm.example.com", "    port: 5432", "    database: crm")
                    .setLine(ECOSYSTEM, 41, "hosts:", "    containers: [crm_db]");
        }

        @Test
        void aSourceThatNamesTheContainerIsAllowed() {
            var fx = boundToContainer().deleteLines(CUSTOMERS, 12, "kind: postgres", 15, "database: crm")
                    .edit(CUSTOMERS, 11, "source:", "source: crm_db");
            assertThat(fx.validate()).isEmpty();
        }

        @Test
        @DisplayName("an inline source that calls itself like an allowed container is not that container")
        void anInlineSourceCarryingTheContainersNameIsNotAllowed() {
            var fx = boundToContainer().insertAfter(CUSTOMERS, 11, "source:", "    name: crm_db")
                    .edit(CUSTOMERS, 14, "host: localhost", "host: evil.example.com");
            assertThat(fx.validate()).singleElement().satisfies(error(CUSTOMERS, 17, "credential-not-allowed",
                    "against its source (evil.example.com:5432/crm)", "allows it only against containers crm_db"));
        }
    }

    @Nested
    class Declarations {
        @Test
        void aDeclarationWithoutUsersOrDatabasesIsRefused() {
            var fx = base().deleteLines(ECOSYSTEM, 35, "teams: [crm]", 36, "hosts:");
            assertThat(fx.validate()).satisfiesExactly(
                    error(ECOSYSTEM, 34, "invalid-credential", "credential 'crm_reader' says it may be used against "
                            + "no database", "'containers:'", "'hosts:'"),
                    error(ECOSYSTEM, 34, "invalid-credential", "credential 'crm_reader' says nobody may use it"),
                    error(CUSTOMERS, 16, "credential-not-allowed", "allows it for nobody"));
        }

        @Test
        void aDeclarationNamingWhatTheModelDoesNotDeclareIsRefused() {
            var fx = base().edit(ECOSYSTEM, 32, "yellow_forensic]", "yellow_forensik]")
                    .edit(ECOSYSTEM, 33, "[merge_db]", "[merge_db, merge-db2]")
                    .edit(ECOSYSTEM, 36, "127.0.0.1]", "127.0.0.1, \"db:5432\"]")
                    .edit(ECOSYSTEM, 35, "teams: [crm]", "teams: [crm, crn]\n    zones: [retale]");
            assertThat(fx.validate()).filteredOn(p -> p.file().equals(ECOSYSTEM)).satisfiesExactlyInAnyOrder(
                    error(ECOSYSTEM, 28, "credential-not-allowed", "platform 'yellow_forensic' may not use"),
                    error(ECOSYSTEM, 32, "unknown-platform", "names platform 'yellow_forensik'",
                            "did you mean 'yellow_forensic'?"),
                    error(ECOSYSTEM, 33, "unknown-container", "names container 'merge-db2'"),
                    error(ECOSYSTEM, 35, "undeclared-team", "names team 'crn'", "did you mean 'crm'?",
                            "remove it here first"),
                    error(ECOSYSTEM, 36, "undeclared-zone", "names zone 'retale'", "did you mean 'retail'?"),
                    error(ECOSYSTEM, 37, "invalid-credential", "lists host 'db:5432'", "without ports"));
        }

        @Test
        void twoDeclarationsOfOneSecretAreDuplicates() {
            var fx = base().append(ECOSYSTEM, "  - name: CRM-reader", "    teams: [crm]", "    hosts: [localhost]");
            assertThat(fx.validate()).singleElement().satisfies(error(ECOSYSTEM, 37, "duplicate-name",
                    "credential 'CRM-reader' is defined twice (both are 'CRM_READER' as environment variables)",
                    ECOSYSTEM + ":34"));
        }

        @ParameterizedTest(name = "''{0}''")
        @DisplayName("a credential name that could leave the store's folder or name another variable is refused")
        @ValueSource(strings = {"../merge_rw", "secrets/merge_rw", "merge rw", "merge.rw", "..", "_merge"})
        void aCredentialNameThatIsNotAnIdentifierIsRefusedWhereverItIsWritten(String name) {
            var fx = base().edit(ECOSYSTEM, 34, "crm_reader", "\"" + name + "\"")
                    .edit(CUSTOMERS, 16, "crm_reader", "\"" + name + "\"");
            assertThat(fx.validate()).satisfiesExactly(
                    error(ECOSYSTEM, 34, "invalid-name", "credential name '" + name + "' is not an identifier",
                            "'/', '.' and spaces are not allowed"),
                    error(CUSTOMERS, 16, "invalid-name", "datastore 'customers' names credential '" + name
                            + "', which is not an identifier"));
        }
    }
}

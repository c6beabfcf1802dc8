package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.CUSTOMERS;
import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.ZONE;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.errorInFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every datastore and workspace belongs to a team some zone declares; every zone is declared by the ecosystem. */
class OwnerRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Test
    void datastoreOfATeamNoZoneDeclares() {
        var fx = base().edit(CUSTOMERS, 4, "team: crm", "team: crn");
        assertThat(fx.validate()).singleElement().satisfies(errorInFile(CUSTOMERS, "undeclared-team",
                "datastore 'customers'", "team 'crn'", "did you mean 'crm'?"));
    }

    @Test
    void workspaceOfATeamNoZoneDeclares() {
        var fx = base().edit(ANALYTICS, 4, "team: analytics", "team: marketing");
        assertThat(fx.validate()).singleElement().satisfies(errorInFile(ANALYTICS, "undeclared-team",
                "workspace 'analytics'", "team 'marketing'", "GovernanceZone"));
    }

    @Test
    void undeclaredTeamIsReportedAtTheTeamLine() {
        var store = ModelFixture.base(dir.resolve("store")).edit(CUSTOMERS, 4, "team: crm", "team: crn");
        assertThat(store.validate()).singleElement().satisfies(error(CUSTOMERS, 4, "undeclared-team"));
        var workspace = ModelFixture.base(dir.resolve("workspace")).edit(ANALYTICS, 4, "team: analytics", "team: bi");
        assertThat(workspace.validate()).singleElement().satisfies(error(ANALYTICS, 4, "undeclared-team"));
    }

    @Test
    void zoneTheEcosystemDoesNotDeclare() {
        var fx = base().edit(ZONE, 2, "name: retail", "name: retale");
        assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 1, "undeclared-zone",
                "zone 'retale'", "did you mean 'retail'?", "zones:"));
    }

    @Test
    void teamsOfAnUndeclaredZoneStillOwnTheirObjects() {
        // the zone itself is the one problem; its teams' datastores and workspaces are not reported again
        var fx = base().edit(ECOSYSTEM, 8, "name: retail", "name: stores");
        assertThat(fx.validate()).singleElement().satisfies(error(ZONE, 1, "undeclared-zone", "zone 'retail'"));
    }
}

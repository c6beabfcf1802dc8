package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.errorInFile;
import static io.datasurface.model.ProblemAssertions.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspaces: their container exists and every sink names an existing dataset once. Line numbers refer
 * to the base model's analytics.yaml: workspace at 2, container at 5, group live at 7 with sinks at 9,
 * group audit at 10 with sinks at 12.
 */
class WorkspaceRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Test
    void sinkToAnUnknownDatastore() {
        var fx = base().edit(ANALYTICS, 9, "[customers/customers,", "[customer/customers,");
        assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 9, "unknown-sink",
                "sink 'customer/customers'", "workspace 'analytics'", "datastore 'customer'",
                "did you mean 'customers'?"));
    }

    @Test
    void sinkToAnUnknownDataset() {
        var fx = base().edit(ANALYTICS, 12, "customers/addresses]", "customers/adresses]");
        assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 12, "unknown-sink",
                "sink 'customers/adresses'", "dataset 'adresses'", "datastore 'customers'",
                "did you mean 'addresses'?"));
    }

    @Test
    void sinkListedTwiceInAGroup() {
        var fx = base().edit(ANALYTICS, 9, "customers/addresses]", "customers/customers]");
        assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 9, "duplicate-name",
                "sink 'customers/customers'", "twice", "'live'"));
    }

    @Test
    void sinksInBlockStyleAreReportedOnTheirOwnLine() {
        var fx = base().setLine(ANALYTICS, 12, "sinks:", "    sinks:")
                .append(ANALYTICS, "      - customers/customers", "      - customers/addreses");
        assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 14, "unknown-sink",
                "'customers/addreses'"));
    }

    @Test
    void workspaceContainerTheEcosystemDoesNotDeclare() {
        var fx = base().edit(ANALYTICS, 5, "container: platform-managed", "container: reports_db");
        assertThat(fx.validate()).singleElement().satisfies(errorInFile(ANALYTICS, "unknown-container",
                "workspace 'analytics'", "container 'reports_db'", "platform-managed"));
    }

    @Test
    void unknownWorkspaceContainerIsReportedAtTheContainerLine() {
        var fx = base().edit(ANALYTICS, 5, "container: platform-managed", "container: reports_db");
        assertThat(fx.validate()).singleElement().satisfies(error(ANALYTICS, 5, "unknown-container"));
    }

    @Test
    void workspaceContainerTheEcosystemDeclaresIsFine() {
        var fx = base().edit(ANALYTICS, 5, "container: platform-managed", "container: merge_db");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void workspaceWithoutContainerIsPlatformManaged() {
        var fx = base().deleteLine(ANALYTICS, 5, "container:");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void workspaceWithoutGroupsIsAWarning() {
        String file = "zones/retail/teams/analytics/idle.yaml";
        var fx = base().write(file, "kind: Workspace\nname: idle\nteam: analytics\n");
        var result = Linter.validate(fx.root());
        assertThat(result.problems()).singleElement().satisfies(warning(file, 1, "empty-workspace",
                "workspace 'idle'"));
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void groupWithoutSinksIsAWarning() {
        var fx = base().setLine(ANALYTICS, 12, "sinks:", "    sinks: []");
        assertThat(fx.validate()).singleElement().satisfies(warning(ANALYTICS, 10, "empty-group",
                "dataset group 'analytics/audit'"));
    }
}

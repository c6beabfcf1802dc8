package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ANALYTICS;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ProblemAssertions.error;
import static io.datasurface.model.ProblemAssertions.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dsg_platform_mapping.json: entries name existing workspaces, groups and platforms, platforms meet the
 * group's milestoning, every group has an active platform. In the base mapping, analytics/live is the
 * entry at line 2 with its assignment (yellow_live) at line 3, analytics/audit the entry at line 4 with
 * its assignment (yellow_forensic) at line 5. Group live is at analytics.yaml:7, audit at :10.
 */
class MappingRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    @Test
    void unknownPlatform() {
        var fx = base().edit(MAPPING, 3, "\"yellow_live\"", "\"yelow_live\"");
        assertThat(fx.validate()).satisfiesExactly(
                error(MAPPING, 3, "unknown-platform", "'analytics/live'", "platform 'yelow_live'",
                        "did you mean 'yellow_live'?"),
                warning(ANALYTICS, 7, "unassigned-dsg", "'analytics/live'"));
    }

    @Test
    void unknownWorkspace() {
        var fx = base().edit(MAPPING, 2, "\"workspace\": \"analytics\"", "\"workspace\": \"analytic\"");
        assertThat(fx.validate()).satisfiesExactly(
                error(MAPPING, 2, "unknown-workspace", "workspace 'analytic'", "did you mean 'analytics'?"),
                warning(ANALYTICS, 7, "unassigned-dsg", "'analytics/live'"));
    }

    @Test
    void unknownDatasetGroup() {
        var fx = base().edit(MAPPING, 2, "\"dsg\": \"live\"", "\"dsg\": \"lve\"");
        assertThat(fx.validate()).satisfiesExactly(
                error(MAPPING, 2, "unknown-dsg", "dataset group 'lve'", "workspace 'analytics'",
                        "did you mean 'live'?"),
                warning(ANALYTICS, 7, "unassigned-dsg", "'analytics/live'"));
    }

    @Test
    void groupMappedTwice() {
        var fx = base().edit(MAPPING, 4, "\"dsg\": \"audit\"", "\"dsg\": \"live\"");
        assertThat(fx.validate()).satisfiesExactly(
                error(MAPPING, 4, "duplicate-name", "'analytics/live' is mapped twice", MAPPING + ":2"),
                warning(ANALYTICS, 10, "unassigned-dsg", "'analytics/audit'"));
    }

    @Test
    void platformAssignedTwiceToAGroup() {
        var fx = base().edit(MAPPING, 3, "\"PROVISIONED\"}]},", "\"PROVISIONED\"},")
                .insertAfter(MAPPING, 3, "yellow_live",
                        "                   {\"dataPlatform\": \"yellow_live\", \"status\": \"DECOMMISSIONING\"}]},");
        assertThat(fx.validate()).singleElement().satisfies(error(MAPPING, 4, "duplicate-name",
                "platform 'yellow_live' is assigned twice", "'analytics/live'"));
    }

    @Test
    void forensicGroupOnALiveOnlyPlatform() {
        var fx = base().edit(MAPPING, 5, "\"yellow_forensic\"", "\"yellow_live\"");
        assertThat(fx.validate()).singleElement().satisfies(error(MAPPING, 5, "milestoning-mismatch",
                "'analytics/audit' requires forensic", "platform 'yellow_live' is live-only"));
    }

    @Test
    void liveOnlyGroupOnAForensicPlatformIsFine() {
        var fx = base().edit(MAPPING, 3, "\"yellow_live\"", "\"yellow_forensic\"");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void decommissionedAssignmentIsNotCheckedForMilestoning() {
        var fx = base().edit(MAPPING, 5, "\"PROVISIONED\"}]}", "\"PROVISIONED\"},")
                .insertAfter(MAPPING, 5, "yellow_forensic",
                        "                   {\"dataPlatform\": \"yellow_live\", \"status\": \"DECOMMISSIONED\"}]}");
        assertThat(fx.validate()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PROVISIONING", "PROVISIONED", "DECOMMISSIONING"})
    void servedAssignmentIsCheckedForMilestoning(String status) {
        var fx = base().edit(MAPPING, 5, "\"PROVISIONED\"}]}", "\"PROVISIONED\"},")
                .insertAfter(MAPPING, 5, "yellow_forensic",
                        "                   {\"dataPlatform\": \"yellow_live\", \"status\": \"" + status + "\"}]}");
        assertThat(fx.validate()).singleElement().satisfies(error(MAPPING, 6, "milestoning-mismatch",
                "'analytics/audit'", "platform 'yellow_live'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DECOMMISSIONING", "DECOMMISSIONED"})
    void groupWithoutAnActiveAssignmentIsAWarningNotAnError(String status) {
        var fx = base().edit(MAPPING, 3, "\"PROVISIONED\"", "\"" + status + "\"");
        var result = Linter.validate(fx.root());
        assertThat(result.problems()).singleElement().satisfies(warning(ANALYTICS, 7, "unassigned-dsg",
                "dataset group 'analytics/live'", "PROVISIONED or PROVISIONING", MAPPING));
        assertThat(result.hasErrors()).as("a warning does not fail validation").isFalse();
    }

    @Test
    void provisioningCountsAsAssigned() {
        var fx = base().edit(MAPPING, 3, "\"PROVISIONED\"", "\"PROVISIONING\"");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void groupMissingFromTheMappingIsAWarning() {
        var fx = base().append(ANALYTICS, "  - name: later", "    sinks: [customers/customers]");
        assertThat(fx.validate()).singleElement().satisfies(warning(ANALYTICS, 13, "unassigned-dsg",
                "'analytics/later'"));
    }

    @Test
    void groupWithAnEmptyAssignmentListIsAWarning() {
        var fx = base().edit(MAPPING, 3, "[{\"dataPlatform\": \"yellow_live\", \"status\": \"PROVISIONED\"}]", "[]");
        assertThat(fx.validate()).singleElement().satisfies(warning(ANALYTICS, 7, "unassigned-dsg",
                "'analytics/live'"));
    }
}

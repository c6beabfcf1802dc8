package io.datasurface.model.lint;

import static io.datasurface.model.ModelFixture.ECOSYSTEM;
import static io.datasurface.model.ModelFixture.MAPPING;
import static io.datasurface.model.ModelFixture.mappingEntry;
import static io.datasurface.model.ModelFixture.storeDoc;
import static io.datasurface.model.ProblemAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.ModelFixture;
import io.datasurface.model.naming.SqlNames;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL names that must stay distinct once built from model names and shortened to 63 characters. */
class CollisionRulesTest {
    @TempDir
    Path dir;

    private ModelFixture base() {
        return ModelFixture.base(dir);
    }

    /** Workspace a-b with group c (sinks at line 6) and workspace a with group b-c (sinks at line 13). */
    private static final String AB = "zones/retail/teams/analytics/ab.yaml";
    private static final String AB_WORKSPACES = """
            kind: Workspace
            name: a-b
            team: analytics
            datasetGroups:
              - name: c
                sinks: [customers/customers]
            ---
            kind: Workspace
            name: a
            team: analytics
            datasetGroups:
              - name: b-c
                sinks: [customers/customers]
            """;

    @Test
    void viewNamesCollideWhenDashesBecomeUnderscores() {
        var fx = base().write(AB, AB_WORKSPACES).addMappings(
                mappingEntry("a-b", "c", "yellow_live", "PROVISIONED"),
                mappingEntry("a", "b-c", "yellow_live", "PROVISIONED"));
        assertThat(fx.validate()).singleElement().satisfies(error(AB, 13, "view-name-collision",
                "view name 'yellow_live_a_b_c_customers_view'", "yellow_live/a/b-c/customers/customers",
                "yellow_live/a-b/c/customers/customers", AB + ":6"));
    }

    @Test
    void onAForensicPlatformTheHistoryViewsCollideToo() {
        var fx = base().write(AB, AB_WORKSPACES).addMappings(
                mappingEntry("a-b", "c", "yellow_forensic", "PROVISIONED"),
                mappingEntry("a", "b-c", "yellow_forensic", "PROVISIONING"));
        assertThat(fx.validate()).satisfiesExactly(
                error(AB, 13, "view-name-collision", "history view name 'yellow_forensic_a_b_c_customers_view_history'"),
                error(AB, 13, "view-name-collision", "view name 'yellow_forensic_a_b_c_customers_view'"));
    }

    @Test
    void groupsOnDifferentPlatformsDoNotCollide() {
        var fx = base().write(AB, AB_WORKSPACES).addMappings(
                mappingEntry("a-b", "c", "yellow_live", "PROVISIONED"),
                mappingEntry("a", "b-c", "yellow_forensic", "PROVISIONED"));
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void decommissionedGroupsNoLongerClaimTheirViews() {
        var fx = base().write(AB, AB_WORKSPACES).addMappings(
                mappingEntry("a-b", "c", "yellow_live", "DECOMMISSIONED"),
                mappingEntry("a", "b-c", "yellow_live", "PROVISIONED"));
        assertThat(fx.validate()).filteredOn(p -> p.isError()).isEmpty();
    }

    /**
     * Two dataset names whose views (> 63 characters) share the first 54 characters and the first 8 hex
     * digits of their SHA-256, found by search: a real collision of the shortened names.
     */
    private static final String LONG_1 = "customer_relationship_event_history_12878";
    private static final String LONG_2 = "customer_relationship_event_history_80562";

    @Test
    void viewNamesCollideAfterShortening() {
        String full1 = "yellow_live_wide_g_" + LONG_1 + "_view";
        String full2 = "yellow_live_wide_g_" + LONG_2 + "_view";
        String shortened = SqlNames.view("yellow_live", "wide", "g", LONG_1);
        assertThat(full1).hasSizeGreaterThan(63).isNotEqualTo(full2);
        assertThat(SqlNames.view("yellow_live", "wide", "g", LONG_2)).isEqualTo(shortened).hasSize(63);

        String events = "zones/retail/teams/crm/events.yaml";
        String wide = "zones/retail/teams/analytics/wide.yaml";
        var fx = base().write(events, storeDoc("events", LONG_1, LONG_2)).write(wide, """
                kind: Workspace
                name: wide
                team: analytics
                datasetGroups:
                  - name: g
                    sinks:
                      - events/%s
                      - events/%s
                """.formatted(LONG_1, LONG_2)).addMappings(mappingEntry("wide", "g", "yellow_live", "PROVISIONED"));
        assertThat(fx.validate()).singleElement().satisfies(error(wide, 8, "view-name-collision",
                "view name '" + shortened + "'", "yellow_live/wide/g/events/" + LONG_2,
                "yellow_live/wide/g/events/" + LONG_1, wide + ":7"));
    }

    @Test
    void longNamesThatShortenDifferentlyDoNotCollide() {
        String other = "customer_relationship_event_history_12879";
        String events = "zones/retail/teams/crm/events.yaml";
        var fx = base().write(events, storeDoc("events", LONG_1, other)).write("zones/retail/teams/analytics/wide.yaml",
                ModelFixture.workspaceDoc("wide", "g", "events/" + LONG_1, "events/" + other))
                .addMappings(mappingEntry("wide", "g", "yellow_live", "PROVISIONED"));
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void mergeAndStagingTableNamesCollide() {
        String file = "zones/retail/teams/crm/ab.yaml";
        // store a with dataset b_c (line 10), then store a_b (line 14) with dataset c (line 23)
        var fx = base().write(file, storeDoc("a", "b_c") + "---\n" + storeDoc("a_b", "c"));
        assertThat(fx.validate()).satisfiesExactly(
                error(file, 23, "table-name-collision", "merge table name 'a_b_c_merge'", "of a_b/c",
                        "with the one of a/b_c", file + ":10"),
                error(file, 23, "table-name-collision", "staging table name 'a_b_c_staging'", "of a_b/c",
                        "with the one of a/b_c", file + ":10"));
    }

    @Test
    void tableNamesCollideAcrossFilesAndCase() {
        String orders = "zones/retail/teams/crm/orders.yaml";
        String other = "zones/retail/teams/crm/other.yaml";
        var fx = base().write(orders, storeDoc("Crm-Customers", "Addresses-Extra"))
                .write(other, storeDoc("crm", "customers_addresses_extra"));
        assertThat(fx.validate()).satisfiesExactly(
                error(other, 10, "table-name-collision", "merge table name 'crm_customers_addresses_extra_merge'",
                        "of crm/customers_addresses_extra", "Crm-Customers/Addresses-Extra", orders + ":10"),
                error(other, 10, "table-name-collision", "staging table name 'crm_customers_addresses_extra_staging'"));
    }

    /** A third platform, yellow, after the two of the base model. */
    private ModelFixture withPlatformYellow() {
        return base().edit(ECOSYSTEM, 32, "yellow_forensic]", "yellow_forensic, yellow]")
                .insertAfter(ECOSYSTEM, 28, "credential: merge_rw", "  - name: yellow", "    kind: yellow",
                "    milestoning: live-only", "    mergeStore: merge_db", "    credential: merge_rw");
    }

    @Test
    @DisplayName("reader roles {platform}_{workspace}_reader collide: yellow_live + analytics and yellow + live_analytics")
    void readerRolesCollideAcrossPlatforms() {
        var fx = withPlatformYellow()
                .write("zones/retail/teams/analytics/la.yaml", ModelFixture.workspaceDoc("live_analytics", "g",
                        "customers/addresses"))
                .addMappings(mappingEntry("live_analytics", "g", "yellow", "PROVISIONED"));
        assertThat(fx.validate()).singleElement().satisfies(error(MAPPING, 6, "role-name-collision",
                "reader role name 'yellow_live_analytics_reader'", "workspace 'live_analytics' on platform 'yellow'",
                "workspace 'analytics' on platform 'yellow_live'", MAPPING + ":3"));
    }

    @Test
    void aWorkspaceOnSeveralGroupsOfOnePlatformHasOneReaderRole() {
        var fx = base().edit(MAPPING, 3, "yellow_live", "yellow_forensic");
        assertThat(fx.validate()).isEmpty();
    }

    @Test
    void aDecommissionedAssignmentNoLongerClaimsItsReaderRole() {
        var fx = withPlatformYellow()
                .write("zones/retail/teams/analytics/la.yaml", ModelFixture.workspaceDoc("live_analytics", "g",
                        "customers/addresses"))
                .addMappings(mappingEntry("live_analytics", "g", "yellow", "DECOMMISSIONED"));
        assertThat(fx.validate()).filteredOn(p -> p.isError()).isEmpty();
    }
}

package io.datasurface.view.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReaderRoleTest {
    private final ReaderRole role = ReaderRole.of("yellow_live", "analytics");

    @Test
    void theRoleIsNamedAfterPlatformAndWorkspace() {
        assertThat(role.name()).isEqualTo("yellow_live_analytics_reader");
        assertThat(ReaderRole.of("Yellow-Live", "Analytics").name()).isEqualTo("yellow_live_analytics_reader");
    }

    @Test
    void aRoleMarkedForItsWorkspaceMayBeGranted() {
        assertThat(ReaderRole.madeFor(role.marker())).get().satisfies(w -> assertThat(w).containsExactly("analytics",
                "yellow_live"));
        assertThat(role.refusal(role.marker())).isNull();
    }

    @Test
    void aRoleWithoutTheMarkerIsRefusedNamingItAndWhatToDo() {
        for (String comment : new String[] {null, "", "made by the DBA", "DataSurface/J reader role"}) {
            assertThat(role.refusal(comment)).as(comment)
                    .startsWith("role yellow_live_analytics_reader exists but DataSurface/J did not make it")
                    .contains("Drop or rename that role")
                    .endsWith("COMMENT ON ROLE \"yellow_live_analytics_reader\" IS '" + role.marker() + "'");
        }
    }

    @Test
    void aRoleMarkedForAnotherWorkspaceWhoseNameMeetsInOneRoleIsRefused() {
        // a_b + c and a + b_c both make the role a_b_c_reader
        ReaderRole one = ReaderRole.of("a_b", "c");
        ReaderRole other = ReaderRole.of("a", "b_c");
        assertThat(one.name()).isEqualTo(other.name());
        assertThat(other.refusal(one.marker())).isEqualTo("role a_b_c_reader was made for workspace c on platform a_b, "
                + "not for workspace b_c on platform a (their names meet in one role name): the view is not granted "
                + "to it; rename one of the workspaces");
    }
}

package io.datasurface.model;

import static io.datasurface.model.ModelFixture.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line edits of the fixture change only a line that holds the text they name. */
class ModelFixtureTest {
    @TempDir
    Path dir;
    ModelFixture fx;
    String zone;

    @BeforeEach
    void copyBase() {
        fx = ModelFixture.base(dir);
        zone = fx.read(ZONE);
    }

    @Test
    void editsTheLineThatHoldsTheExpectedText() {
        fx.setLine(ZONE, 2, "name: retail", "name: shops")
                .insertAfter(ZONE, 5, "crm-model", "  - name: finance", "    repo: github:acme/finance-model@main")
                .deleteLines(ZONE, 6, "- name: finance", 7, "finance-model")
                .deleteLine(ZONE, 3, "teams:")
                .insertAtTop(ZONE, "# zone");
        assertThat(fx.read(ZONE)).startsWith("""
                # zone
                kind: GovernanceZone
                name: shops
                  - name: crm""");
    }

    @Test
    void aLineThatDoesNotHoldTheExpectedTextIsNotEdited() {
        assertThatThrownBy(() -> fx.deleteLine(ZONE, 4, "analytics-model"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(ZONE + ":4 is \"  - name: crm")
                .hasMessageContaining("not a line holding \"analytics-model\"");
        assertThatThrownBy(() -> fx.setLine(ZONE, 1, "name: retail", "name: shops"))
                .hasMessageStartingWith(ZONE + ":1 is \"kind: GovernanceZone\"");
        assertThatThrownBy(() -> fx.insertAfter(ZONE, 2, "teams:", "budget: 1000"))
                .hasMessageStartingWith(ZONE + ":2 is \"name: retail\"");
        assertThatThrownBy(() -> fx.deleteLines(ZONE, 4, "- name: crm", 6, "analytics-model"))
                .as("the last line of the range is checked too")
                .hasMessageStartingWith(ZONE + ":6 is \"  - name: analytics");
        assertThatThrownBy(() -> fx.edit(ZONE, 3, "retail", "shops"))
                .hasMessageStartingWith(ZONE + ":3 is \"teams:\"");
        assertThat(fx.read(ZONE)).isEqualTo(zone);
    }

    @Test
    void aLinePastTheEndOfTheFileIsNotEdited() {
        assertThatThrownBy(() -> fx.deleteLine(ZONE, 8, "repo:"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(ZONE + " has 7 lines, so no line 8 holding \"repo:\"");
        assertThat(fx.read(ZONE)).isEqualTo(zone);
    }

    @Test
    void anEditMustNameTextOfTheLineAndTextToInsert() {
        assertThatThrownBy(() -> fx.deleteLine(ZONE, 2, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fx.insertAfter(ZONE, 2, "name: retail"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no lines to insert");
        assertThat(fx.read(ZONE)).isEqualTo(zone);
    }
}

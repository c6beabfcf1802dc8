package io.datasurface.view.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewMarkerTest {
    @Test
    void aMarkerReadsBackFromItsComment() {
        ViewMarker m = new ViewMarker("yellow_live/analytics/live/customers/customers", ViewKind.HISTORY,
                ViewMarker.digest("SELECT 1"), "0123456789abcdef0123456789abcdef");
        assertThat(ViewMarker.parse(m.comment())).contains(m);
        assertThat(m.ofPlatform("yellow_live")).isTrue();
        assertThat(m.ofPlatform("yellow")).isFalse();
    }

    @Test
    void commentsOfOtherViewsAreNotMarkers() {
        assertThat(ViewMarker.parse(null)).isEmpty();
        assertThat(ViewMarker.parse("customers as finance sees them")).isEmpty();
        assertThat(ViewMarker.parse("DataSurface/J view of x (live). edited by hand")).isEmpty();
    }

    @Test
    void theDigestFollowsTheSelect() {
        assertThat(ViewMarker.digest("SELECT a FROM t")).hasSize(32).isEqualTo(ViewMarker.digest("SELECT a FROM t"))
                .isNotEqualTo(ViewMarker.digest("SELECT a, b FROM t"));
    }
}

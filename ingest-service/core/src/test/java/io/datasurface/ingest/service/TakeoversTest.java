package io.datasurface.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TakeoversTest {
    final Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    @DisplayName("regression: a step that outlived its partition's stay here (moved away and back) is not current,"
            + " so its stale state is never written back over the state the later take-over read")
    void aStepOfAnEarlierStayIsNotCurrent() {
        Takeovers t = new Takeovers();
        t.assigned(List.of(3));
        t.activate(Set.of(3));
        long started = t.epoch(3);
        assertThat(t.current(3, started)).isTrue();
        t.deactivate(Set.of(3), null, Set.of());
        assertThat(t.current(3, started)).as("given up").isFalse();
        t.assigned(List.of(3));
        t.activate(Set.of(3)); // back here: another stay
        assertThat(t.active()).containsExactly(3);
        assertThat(t.current(3, started)).as("taken over again since the step started").isFalse();
        assertThat(t.current(3, t.epoch(3))).isTrue();
    }

    @Test
    @DisplayName("regression: a partition that cannot be taken over is tried again after a pause that doubles up"
            + " to 30 s, not on every pass")
    void aFailedTakeOverBacksOff() {
        Takeovers t = new Takeovers();
        t.assigned(List.of(1, 2));
        assertThat(t.due(now)).containsExactly(1, 2);
        t.failed(Set.of(1), now);
        assertThat(t.due(now)).containsExactly(2);
        assertThat(t.due(now.plusSeconds(1))).containsExactly(1, 2);
        t.failed(Set.of(1), now);
        assertThat(t.due(now.plusSeconds(1))).containsExactly(2);
        assertThat(t.due(now.plusSeconds(2))).containsExactly(1, 2);
        for (int i = 0; i < 10; i++) {
            t.failed(Set.of(1), now);
        }
        assertThat(t.due(now.plus(Duration.ofSeconds(30)))).containsExactly(1, 2);
        assertThat(t.nonePending()).isFalse();
        t.activate(Set.of(1));
        t.gone(Set.of(2));
        assertThat(t.nonePending()).isTrue();
        t.failed(Set.of(2), now);
        assertThat(t.due(now.plusSeconds(60))).as("a partition no longer assigned is not tried again").isEmpty();
        t.assigned(List.of(1)); // assigned afresh: tried at once, its failures forgotten
        assertThat(t.due(now)).containsExactly(1);
    }
}

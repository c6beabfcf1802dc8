package io.datasurface.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
    @Test
    @DisplayName("regression: an instance whose earlier-release ids are a partition's transactional ids is refused")
    void anInstanceNamedLikeAPartitionIsRefused() {
        assertThat(IngestSettings.earlierIds("a0") + "-0").as("the collision guarded against")
                .isEqualTo(ProducerPool.transactionalId(IngestSettings.GROUP, 0, 0));
        assertThatThrownBy(() -> settings("a0", IngestSettings.GROUP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instance name 'a0'");
        assertThatThrownBy(() -> settings("x-a12", "datasurface-ingest-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> settings("a0", "other-group")).doesNotThrowAnyException();
        assertThatCode(() -> settings("local", IngestSettings.GROUP)).doesNotThrowAnyException();
        assertThatCode(() -> settings("ingest-0", IngestSettings.GROUP)).doesNotThrowAnyException();
        assertThatCode(() -> settings("a0b", IngestSettings.GROUP)).doesNotThrowAnyException();
    }

    private static IngestSettings settings(String instance, String group) {
        return new IngestSettings(instance, 4, 2, 4, 1000, Set.of(), group, IngestSettings.SESSION_TIMEOUT,
                IngestSettings.PRODUCERS_PER_PARTITION);
    }
}

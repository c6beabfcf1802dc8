package io.datasurface.merge.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredOffsetsTest {

    @Test
    void aPartitionIsReadFromTheLowestOffsetAnyPlatformStoredSoNonePassesOverARecord() {
        StoredOffsets stored = new StoredOffsets(Map.of("yellow_live", Map.of(0, 120L, 1, 7L),
                "yellow_forensic", Map.of(0, 95L, 1, 9L)));

        assertThat(stored.nextOffset(0)).contains(95L);
        assertThat(stored.nextOffset(1)).contains(7L);
    }

    @Test
    void aPartitionSomePlatformStoredNothingForIsReadFromItsStart() {
        StoredOffsets stored = new StoredOffsets(Map.of("yellow_live", Map.of(0, 120L, 1, 7L),
                "new_platform", Map.of(1, 3L)));

        assertThat(stored.nextOffset(0)).isEmpty();
        assertThat(stored.nextOffset(1)).contains(3L);
        assertThat(stored.nextOffset(2)).isEmpty();
    }

    @Test
    void withoutPlatformsWithStreamsEveryPartitionIsReadFromItsStart() {
        assertThat(new StoredOffsets(Map.of()).nextOffset(0)).isEmpty();
    }
}

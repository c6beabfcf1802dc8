package io.datasurface.ingest.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WatermarksTest {

    @Test
    void theNextValueIsOneOrOneMicrosecondAbove() {
        assertThat(Watermarks.next(41L)).isEqualTo(42L);
        assertThat(Watermarks.next(LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000)))
                .isEqualTo(LocalDateTime.of(2025, 1, 1, 0, 0));
        assertThat(Watermarks.next(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 1_000, ZoneOffset.UTC));
        assertThatThrownBy(() -> Watermarks.next(Long.MAX_VALUE)).isInstanceOf(DatasurfaceException.class);
    }

    @Test
    void theHighNeverGoesBackAndAnEmptyTableKeepsThePreviousOne() {
        assertThat(Watermarks.high(null, null)).isNull();
        assertThat(Watermarks.high(null, 5L)).isEqualTo(6L);
        assertThat(Watermarks.high(6L, null)).isEqualTo(6L);
        assertThat(Watermarks.high(6L, 9L)).isEqualTo(10L);
        assertThat(Watermarks.high(6L, 3L)).isEqualTo(6L);
        assertThat(Watermarks.high(6L, 5L)).isEqualTo(6L);
    }

    @Test
    void timestamptzComparesByInstant() {
        OffsetDateTime utc = OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime berlin = OffsetDateTime.of(2024, 1, 1, 11, 0, 0, 0, ZoneOffset.ofHours(1));
        assertThat(Watermarks.compare(utc, berlin)).isZero();
        assertThat(Watermarks.compare(utc, berlin.plusNanos(1_000))).isNegative();
    }
}

package io.datasurface.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CdcPositionTest {
    @Test
    void aPositionReadBackEqualsTheOriginalAndOrdersByCommitLsn() {
        CdcPosition end = CdcPosition.of(Map.of("lsn_commit", 26205464L, "lsn", 26205464L, "txId", 743L,
                "messageType", "COMMIT"));
        CdcPosition parsed = CdcPosition.parse(end.toString());
        assertThat(parsed).isEqualTo(end);
        CdcPosition snapshot = CdcPosition.of(Map.of("lsn", 26205136L, "txId", 742L));
        assertThat(end.isAfter(snapshot)).isTrue();
        assertThat(snapshot.isAfter(end)).isFalse();
        assertThat(CdcPosition.parse(null)).isNull();
    }

    @Test
    void aPositionOfAnotherReaderIsRefused() {
        assertThatThrownBy(() -> CdcPosition.parse("{\"dataset\":\"orders\"}"))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("not a CDC position");
    }

    @Test
    void slotNamesAreValidUniqueAndAtMost63Characters() {
        String name = CdcSlots.slotName("yellow_live/Customers-DB");
        assertThat(name).matches("ds_yellow_live_customers_db_[0-9a-f]{8}");
        String long1 = CdcSlots.slotName("p/" + "x".repeat(100) + "1");
        String long2 = CdcSlots.slotName("p/" + "x".repeat(100) + "2");
        assertThat(long1).hasSizeLessThanOrEqualTo(63).isNotEqualTo(long2);
        assertThat(CdcSlots.slotName("a/b")).isNotEqualTo(CdcSlots.slotName("a_b"));
    }
}

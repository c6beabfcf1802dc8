package io.datasurface.view.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.fault.DatasurfaceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ViewCountersTest {

    @Test
    @DisplayName("health never shows data: a failed run's lastError is its message without data, or only its kind (issue 11)")
    void aFailedRunShowsNoData() {
        ViewCounters counters = new ViewCounters();
        counters.runFailed(new DatasurfaceException("cannot reach the merge store: Connection refused", true));
        assertThat(counters.lastError()).isEqualTo("cannot reach the merge store: Connection refused");

        counters.runFailed(new IllegalStateException("Batch entry 0 INSERT INTO t VALUES ('Hunter2x') was aborted"));
        assertThat(counters.lastError()).doesNotContain("Hunter2x").startsWith("unexpected IllegalStateException");
        assertThat(counters.runsFailed()).isEqualTo(2);
    }
}

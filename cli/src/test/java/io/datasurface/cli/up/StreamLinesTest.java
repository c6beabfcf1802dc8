package io.datasurface.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamLinesTest {

    private static Map<String, Object> stream(String state, Map<String, Object> open) {
        Map<String, Object> s = new HashMap<>();
        s.put("stream", "yellow_live/customers");
        s.put("state", state);
        s.put("lastCommitted", Map.of("batchId", 3, "rows", 1500, "rowsPerSecond", 2500.4));
        if (open != null) {
            s.put("openBatch", open);
        }
        s.put("lagMs", 61_000);
        return s;
    }

    @Test
    void aSealedBatchBeingMergedShowsAsMergingNotAsTheIngestServicesWaiting() {
        Map<String, Object> open = new HashMap<>();
        open.put("batchId", 4);
        open.put("rowsSealed", 1_000_000);
        assertThat(StreamLines.of(List.of(stream("WAITING", open)))).singleElement().asString()
                .contains("batch 3 committed: 1,500 rows, 2,500 rows/s", "batch 4 sealed, 1,000,000 rows",
                        "lag 1 min 1 s")
                .endsWith("| merging");
    }

    @Test
    void aBatchStillBeingReadShowsTheIngestServicesState() {
        Map<String, Object> open = new HashMap<>();
        open.put("batchId", 4);
        assertThat(StreamLines.of(List.of(stream("RUNNING", open)))).singleElement().asString()
                .contains("batch 4 reading").endsWith("| running");
        assertThat(StreamLines.of(List.of(stream("WAITING", null)))).singleElement().asString().endsWith("| waiting");
    }

    @Test
    void aParkedStreamShowsItsReasonEvenWithASealedBatch() {
        Map<String, Object> open = new HashMap<>();
        open.put("batchId", 4);
        open.put("rowsSealed", 10);
        Map<String, Object> s = stream("PARKED", open);
        s.put("message", "merge-service: source type changed\nsecond line");
        assertThat(StreamLines.of(List.of(s))).singleElement().asString()
                .endsWith("| PARKED: merge-service: source type changed");
    }
}

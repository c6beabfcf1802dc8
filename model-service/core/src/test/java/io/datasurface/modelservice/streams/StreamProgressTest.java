package io.datasurface.modelservice.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.event.StreamStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamProgressTest {
    static final String KEY = "yellow_live/customers";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static BatchStarted started(long id, int second) {
        return new BatchStarted(KEY, "yellow_live", id, BatchKind.FULL, List.of(), null, T0.plusSeconds(second));
    }

    static BatchSealed sealed(long id, long rows) {
        return new BatchSealed(KEY, id, List.of(new SealedDataset("customers", 1, rows - 1),
                new SealedDataset("addresses", 1, 1)), "p", T0.plusSeconds(20));
    }

    static BatchCommitted committed(long id, int second) {
        return new BatchCommitted("yellow_live", KEY, id, BatchKind.FULL,
                List.of(new DatasetCounts("customers", 5, 1, 0, 900), new DatasetCounts("addresses", 0, 0, 0, 100)),
                "p", null, T0.plusSeconds(second));
    }

    static StreamProgress fold(Event... events) {
        StreamProgress p = StreamProgress.empty();
        for (Event e : events) {
            p = p.apply(KEY, e);
        }
        return p;
    }

    @Test
    void aBatchIsOpenUntilCommittedAndTheCommitTakesItsStartTime() {
        StreamProgress open = fold(started(1, 0), sealed(1, 1000));
        assertThat(open.openBatch()).isEqualTo(new OpenBatch(1, BatchKind.FULL, T0, 1000L, T0.plusSeconds(20)));
        assertThat(open.lastCommitted()).isNull();

        StreamProgress done = open.apply(KEY, committed(1, 10));
        assertThat(done.openBatch()).isNull();
        assertThat(done.platform()).isEqualTo("yellow_live");
        assertThat(done.stream()).isEqualTo(KEY);
        assertThat(done.batchesCommitted()).isEqualTo(1);
        CommittedBatch c = done.lastCommitted();
        assertThat(c.rows()).isEqualTo(1000);
        assertThat(c.startedAt()).isEqualTo(T0);
        assertThat(c.durationMs()).isEqualTo(10_000);
        assertThat(c.rowsPerSecond()).isEqualTo(100.0);
        assertThat(c.datasets()).hasSize(2);
    }

    @Test
    void aCommitSeenBeforeItsStartGetsTheStartTimeLaterAndNoOpenBatch() {
        StreamProgress p = fold(committed(1, 4), started(1, 0), sealed(1, 1000));
        assertThat(p.openBatch()).isNull();
        assertThat(p.lastCommitted().startedAt()).isEqualTo(T0);
        assertThat(p.lastCommitted().rowsPerSecond()).isEqualTo(250.0);
    }

    @Test
    void aRepeatedCommitCountsOnceAndAnOlderOneChangesNothing() {
        StreamProgress p = fold(started(1, 0), committed(1, 10), started(2, 20), committed(2, 30), committed(2, 30),
                committed(1, 10));
        assertThat(p.batchesCommitted()).isEqualTo(2);
        assertThat(p.lastCommitted().batchId()).isEqualTo(2);
        assertThat(p.lastCommitted().startedAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aBatchStartedAgainUnderItsIdLosesItsSealAndANewerOpenBatchOutlivesAnOlderCommit() {
        StreamProgress p = fold(started(3, 0), sealed(3, 10), started(3, 5));
        assertThat(p.openBatch()).isEqualTo(new OpenBatch(3, BatchKind.FULL, T0.plusSeconds(5), null, null));
        p = p.apply(KEY, committed(2, 6));
        assertThat(p.openBatch().batchId()).isEqualTo(3);
        assertThat(p.lastCommitted().startedAt()).isNull();
        assertThat(p.lastCommitted().durationMs()).isNull();
        assertThat(p.lastCommitted().rowsPerSecond()).isNull();
    }

    @Test
    void theSchedulerStateIsTheNewestStatus() {
        StreamProgress p = fold(new StreamStatus("yellow_live", KEY, "PARKED", "cannot connect", 1, T0.plusSeconds(5), StreamStatus.INGEST),
                new StreamStatus("yellow_live", KEY, "RUNNING", null, 1, T0.plusSeconds(1), StreamStatus.INGEST));
        assertThat(p.state()).isEqualTo("PARKED");
        assertThat(p.message()).isEqualTo("cannot connect");
        p = p.apply(KEY, new StreamStatus("yellow_live", KEY, "QUEUED", null, 1, T0.plusSeconds(9), StreamStatus.INGEST));
        assertThat(p.state()).isEqualTo("QUEUED");
        assertThat(p.message()).isNull();
    }

    @Test
    void lagIsNowMinusTheStartOfTheLastCommittedBatch() {
        StreamProgress p = fold(started(1, 0), committed(1, 10));
        assertThat(StreamStatusView.of(p, T0.plusSeconds(70)).lagMs()).isEqualTo(70_000);
        assertThat(StreamStatusView.of(fold(started(1, 0)), T0.plusSeconds(70)).lagMs()).isNull();
    }

    @Test
    void aRunningStreamWithNoBatchOpenLagsByItsLastBatchsStartToCommit() {
        StreamStatus running = new StreamStatus("yellow_live", KEY, "RUNNING", null, 1, T0, StreamStatus.INGEST);
        StreamProgress keepingUp = fold(running, started(1, 0), committed(1, 2));
        assertThat(StreamStatusView.of(keepingUp, T0.plusSeconds(70)).lagMs()).isEqualTo(2_000);
        StreamProgress behind = keepingUp.apply(KEY, started(2, 3));
        assertThat(StreamStatusView.of(behind, T0.plusSeconds(70)).lagMs()).as("a batch is open").isEqualTo(70_000);
    }
}

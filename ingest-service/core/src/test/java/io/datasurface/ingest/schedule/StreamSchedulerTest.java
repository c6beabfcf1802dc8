package io.datasurface.ingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.schedule.StreamScheduler.Start;
import io.datasurface.ingest.schedule.StreamScheduler.State;
import io.datasurface.model.CaptureType;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.IngestionNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamSchedulerTest {
    Instant now = Instant.parse("2026-11-22T10:00:30Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anExternalStreamRunsWhenTriggeredAndATriggerDuringAStepRunsItOnceMore() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        IngestionNode a = node("a", "external", "db1");
        s.upsert(a);
        assertThat(s.startDue()).isEmpty();
        assertThat(s.untilNext()).isEmpty();
        assertThat(s.trigger("p/a")).isTrue();
        assertThat(keys(s.startDue())).containsExactly("p/a");
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.RUNNING);
        s.trigger("p/a");
        s.finished(a, IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.finished(a, IngestOutcome.DONE, null);
        assertThat(s.startDue()).isEmpty();
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.WAITING);
        assertThat(s.stream("p/a").orElseThrow().steps()).isEqualTo(2);
    }

    @Test
    void aCronStreamRunsAtItsTimes() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        IngestionNode a = node("a", "cron: */1 * * * *", "db1");
        s.upsert(a);
        assertThat(s.untilNext()).contains(Duration.ofSeconds(30));
        assertThat(s.startDue()).isEmpty();
        now = now.plusSeconds(30);
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.finished(a, IngestOutcome.DONE, null);
        assertThat(s.stream("p/a").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-11-22T10:02:00Z"));
    }

    @Test
    void keepWorkingGoesToTheBackOfTheQueue() {
        StreamScheduler s = new StreamScheduler(1, 4, clock);
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db2");
        s.upsert(a);
        s.upsert(b);
        s.trigger("p/a");
        s.trigger("p/b");
        assertThat(keys(s.startDue())).containsExactly("p/a"); // one at a time
        s.finished(a, IngestOutcome.KEEP_WORKING, null);
        assertThat(keys(s.startDue())).containsExactly("p/b");
        s.finished(b, IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).containsExactly("p/a");
    }

    @Test
    void oneSourceDatabaseRunsAtMostItsShareOfSteps() {
        StreamScheduler s = new StreamScheduler(4, 1, clock);
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db1");
        IngestionNode c = node("c", "external", "db2");
        List.of(a, b, c).forEach(n -> {
            s.upsert(n);
            s.trigger(n.key());
        });
        assertThat(keys(s.startDue())).containsExactly("p/a", "p/c");
        assertThat(s.startDue()).isEmpty();
        s.finished(a, IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).containsExactly("p/b");
    }

    @Test
    void anErrorParksTheStreamUntilItIsReset() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        IngestionNode a = node("a", "cron: */1 * * * *", "db1");
        s.upsert(a);
        now = now.plusSeconds(30);
        s.startDue();
        s.finished(a, IngestOutcome.ERROR, "cannot connect to the source");
        assertThat(s.stream("p/a").orElseThrow()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(State.PARKED);
            assertThat(v.lastMessage()).isEqualTo("cannot connect to the source");
        });
        now = now.plusSeconds(600);
        assertThat(s.startDue()).isEmpty(); // its cron no longer runs it
        assertThat(s.trigger("p/a")).isFalse();
        assertThat(s.reset("p/a")).isTrue();
        assertThat(keys(s.startDue())).containsExactly("p/a");
    }

    @Test
    void aStreamRetiredWhileItRunsIsForgotten() {
        StreamScheduler s = new StreamScheduler(1, 1, clock);
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db1");
        s.upsert(a);
        s.upsert(b);
        s.trigger("p/a");
        s.trigger("p/b");
        s.startDue();
        s.retire("p/a");
        s.finished(a, IngestOutcome.KEEP_WORKING, null);
        assertThat(s.streams()).extracting(StreamScheduler.StreamView::stream).containsExactly("p/b");
        assertThat(keys(s.startDue())).containsExactly("p/b"); // the slot and the source were given back
        assertThat(s.trigger("p/a")).isFalse();
    }

    @Test
    @DisplayName("a stream assigned to another instance is known but never started, triggered or announced here;"
            + " assigned back, it waits for its trigger")
    void aStreamAssignedElsewhereDoesNotRunHere() throws Exception {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        List<String> announced = new java.util.ArrayList<>();
        s.onChange(v -> announced.add(v.stream()));
        s.assign(key -> key.equals("p/a"));
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db1");
        s.upsert(a);
        s.upsert(b);
        assertThat(announced).containsExactly("p/a");
        assertThat(s.trigger("p/b")).isFalse();
        assertThat(s.trigger("p/a")).isTrue();
        assertThat(keys(s.startDue())).containsExactly("p/a");
        assertThat(s.stream("p/b").orElseThrow().assigned()).isFalse();

        s.assign(key -> key.equals("p/b")); // a goes while its step runs
        s.trigger("p/b");
        assertThat(s.awaitIdle(key -> key.equals("p/a"), Duration.ZERO)).as("a's step still runs").isFalse();
        s.finished(a, IngestOutcome.KEEP_WORKING, null);
        assertThat(s.awaitIdle(key -> key.equals("p/a"), Duration.ZERO)).isTrue();
        assertThat(keys(s.startDue())).as("a is not queued again here").containsExactly("p/b");
        assertThat(s.stream("p/a").orElseThrow().assigned()).isFalse();
    }

    @Test
    @DisplayName("at most maxPerPartition steps of one assignment partition run at once (one per producer)")
    void stepsOfOnePartitionAreLimited() {
        StreamScheduler s = new StreamScheduler(4, 4, 1, key -> key.equals("p/c") ? 1 : 0, clock);
        for (String n : List.of("a", "b", "c")) {
            s.upsert(node(n, "external", "db" + n));
            s.trigger("p/" + n);
        }
        assertThat(keys(s.startDue())).containsExactly("p/a", "p/c");
        s.finished(node("a", "external", "dba"), IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).containsExactly("p/b");
    }

    @Test
    @DisplayName("regression: a step is counted off the partition it started in, even if the partition count"
            + " changed while it ran")
    void aStepIsCountedOffThePartitionItStartedIn() {
        int[] partitionOfA = {0};
        StreamScheduler s = new StreamScheduler(4, 4, 1, key -> key.equals("p/a") ? partitionOfA[0] : 1, clock);
        IngestionNode a = node("a", "external", "dba");
        s.upsert(a);
        s.upsert(node("b", "external", "dbb"));
        s.trigger("p/a");
        List<Start> started = s.startDue();
        assertThat(started).extracting(Start::partition).containsExactly(0);
        partitionOfA[0] = 1; // the assignment topic's partition count changed meanwhile
        s.finished(a, IngestOutcome.DONE, null);
        s.trigger("p/b");
        assertThat(keys(s.startDue())).as("partition 1 was never charged for a's step").containsExactly("p/b");
    }

    @Test
    @DisplayName("regression: a step that did not run (its partition's producers were gone) is no failure and"
            + " queues the stream again")
    void aStepThatDidNotRunIsNoFailure() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        IngestionNode a = node("a", "external", "db1");
        s.upsert(a);
        for (int attempt = 0; attempt <= StreamScheduler.RETRIES + 1; attempt++) {
            s.trigger("p/a");
            assertThat(keys(s.startDue())).containsExactly("p/a");
            s.notRun(a);
        }
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.QUEUED);
        assertThat(s.stream("p/a").orElseThrow().steps()).isZero();
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.assign(key -> false);
        s.notRun(a);
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.WAITING);
    }

    private static List<String> keys(List<Start> starts) {
        return starts.stream().map(st -> st.node().key()).toList();
    }

    @Test
    void aCdcStreamRunsStepAfterStepWithoutATriggerUntilParkedAndChangesOfStateAreAnnounced() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        List<String> announced = new java.util.ArrayList<>();
        s.onChange(v -> announced.add(v.stream() + " " + v.state() + (v.lastMessage() == null ? "" : " " + v.lastMessage())));
        IngestionNode c = new IngestionNode("p/c", "p", "c", null, CaptureType.CDC, "cron: */5 * * * *",
                new ContainerSpec("postgres", "h", 5432, "db1", null), "cred", List.of());
        s.upsert(c);
        assertThat(keys(s.startDue())).containsExactly("p/c");
        s.finished(c, IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).as("no cron wait for change capture").containsExactly("p/c");
        s.finished(c, IngestOutcome.KEEP_WORKING, null);
        assertThat(keys(s.startDue())).containsExactly("p/c");
        s.finished(c, IngestOutcome.ERROR, "slot gone");
        assertThat(s.startDue()).isEmpty();
        assertThat(s.reset("p/c")).isTrue();
        assertThat(keys(s.startDue())).containsExactly("p/c");
        assertThat(announced).containsExactly("p/c RUNNING", "p/c PARKED slot gone", "p/c RUNNING");
    }

    @Test
    void aRetriableErrorQueuesTheStreamAgainAfterAGrowingPauseAndShowsTheError() {
        StreamScheduler s = new StreamScheduler(4, 4, clock);
        List<String> announced = new java.util.ArrayList<>();
        s.onChange(v -> announced.add(v.state() + (v.lastMessage() == null ? "" : " " + v.lastMessage())));
        IngestionNode a = node("a", "external", "db1");
        s.upsert(a);
        s.trigger("p/a");
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.finished(a, IngestOutcome.ERROR, "connection refused", true);
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.QUEUED);
        assertThat(s.startDue()).as("not before the pause").isEmpty();
        now = now.plus(StreamScheduler.FIRST_RETRY);
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.finished(a, IngestOutcome.ERROR, "connection refused", true);
        now = now.plus(StreamScheduler.FIRST_RETRY);
        assertThat(s.startDue()).as("the second pause is twice the first").isEmpty();
        now = now.plus(StreamScheduler.FIRST_RETRY);
        assertThat(keys(s.startDue())).containsExactly("p/a");
        s.finished(a, IngestOutcome.DONE, null, false);
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.WAITING);
        assertThat(announced).containsExactly("WAITING", "RUNNING", "RUNNING connection refused", "WAITING");

        // an error that persists parks the stream after the retries
        s.trigger("p/a");
        for (int attempt = 0; attempt <= StreamScheduler.RETRIES; attempt++) {
            now = now.plus(StreamScheduler.LAST_RETRY);
            assertThat(keys(s.startDue())).as("attempt %d", attempt).containsExactly("p/a");
            s.finished(a, IngestOutcome.ERROR, "connection refused", true);
        }
        assertThat(s.stream("p/a").orElseThrow().state()).isEqualTo(State.PARKED);
        assertThat(s.stream("p/a").orElseThrow().lastMessage()).isEqualTo("connection refused");
    }

    @Test
    @DisplayName("regression: while the due steps wait for room the control loop can wait for a step's end (it polled"
            + " Kafka without a pause, most of a core, while 1,000 triggered streams queued behind 4 running steps)")
    void dueStepsWithoutRoomWaitForAStepToEnd() throws Exception {
        StreamScheduler s = new StreamScheduler(1, 1, clock);
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db2");
        IngestionNode c = node("c", "external", "db1");
        s.upsert(a);
        s.upsert(b);
        s.upsert(c);
        assertThat(s.waitingForRoom()).isFalse();
        s.trigger("p/a");
        s.trigger("p/b");
        assertThat(keys(s.startDue())).containsExactly("p/a");
        assertThat(s.waitingForRoom()).as("b is due, a runs and only one may").isTrue();

        Thread waiter = new Thread(() -> {
            try {
                s.awaitRoom(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("it waits while nothing can start").isTrue();
        s.finished(a, IngestOutcome.DONE, null);
        waiter.join(Duration.ofMinutes(1).toMillis());
        assertThat(waiter.isAlive()).as("a step's end wakes it").isFalse();
        assertThat(s.waitingForRoom()).isFalse();

        assertThat(keys(s.startDue())).containsExactly("p/b");
        s.trigger("p/c");
        assertThat(s.waitingForRoom()).as("a stream queued: it may have room").isFalse();
        assertThat(keys(s.startDue())).as("max-running 1: c waits for b").isEmpty();
        assertThat(s.waitingForRoom()).isTrue();
        s.finished(b, IngestOutcome.DONE, null);
        assertThat(keys(s.startDue())).containsExactly("p/c");
        assertThat(s.waitingForRoom()).as("nothing else is due").isFalse();
        long t = System.nanoTime();
        s.awaitRoom(Duration.ofMinutes(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t)).as("returns at once").isLessThan(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("steps deferred because their source is full wait for room too")
    void stepsDeferredByTheirSourceWaitForRoom() {
        StreamScheduler s = new StreamScheduler(4, 1, clock);
        IngestionNode a = node("a", "external", "db1");
        IngestionNode b = node("b", "external", "db1");
        s.upsert(a);
        s.upsert(b);
        s.trigger("p/a");
        s.trigger("p/b");
        assertThat(keys(s.startDue())).containsExactly("p/a");
        assertThat(s.waitingForRoom()).isTrue();
        s.finished(a, IngestOutcome.DONE, null);
        assertThat(s.waitingForRoom()).isFalse();
        assertThat(keys(s.startDue())).containsExactly("p/b");
    }

    private static IngestionNode node(String store, String trigger, String database) {
        return new IngestionNode("p/" + store, "p", store, null, CaptureType.SQL_SNAPSHOT, trigger,
                new ContainerSpec("postgres", "h", 5432, database, null), "cred", List.of());
    }
}

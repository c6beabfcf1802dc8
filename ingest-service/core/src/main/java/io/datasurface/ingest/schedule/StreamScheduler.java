package io.datasurface.ingest.schedule;

import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.model.cron.CronExpression;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.IngestionNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Decides which ingestion streams run a step now. A stream waits for its trigger (the model's cron, or
 * an external one), then queues; queued streams start in the order they became due, at most
 * {@code maxRunning} at once and {@code maxPerSource} per source database. A step that ends KEEP_WORKING
 * queues again at once, behind the others (round robin); DONE waits for the next trigger; a retriable ERROR
 * queues it again after a growing pause, a few times; any other ERROR, or one that persists, parks the stream,
 * its error visible, until it is reset. A change-capture ({@code cdc}) stream has no trigger: it queues again after every step, whose reader waits a moment for changes. Waiting streams cost an entry in a priority queue
 * and nothing else, however many there are.
 *
 * <p>Several ingest-service instances share the streams: a stream runs only where {@link #assign} says it is
 * assigned. The others know it (it shows in {@link #streams()}, not assigned) but never start, queue or announce
 * it. Streams are also counted per partition of the assignment topic: at most {@code maxPerPartition} of one
 * partition run at once, one per transactional producer the partition has.
 *
 * <p>Thread-safe: the caller runs the steps {@link #startDue} hands out on its own threads, and reports
 * each with {@link #finished}.
 */
public final class StreamScheduler {
    /** Where a stream is. */
    public enum State { WAITING, QUEUED, RUNNING, PARKED }

    /** A stream as {@code GET /streams} shows it. */
    public record StreamView(String stream, String trigger, State state, Instant nextRun, Instant lastRun,
                             String lastOutcome, String lastMessage, long steps, boolean assigned) {
    }

    /** A step to run now, of a stream of assignment partition {@code partition} (as it was when it started). */
    public record Start(IngestionNode node, int partition) {
    }

    private static final class Stream {
        IngestionNode node;
        CronExpression cron;
        State state = State.WAITING;
        Instant due;
        long token;
        boolean again;
        Instant lastRun;
        String lastOutcome;
        String lastMessage;
        long steps;
        String published;
        int failures;
        boolean here = true;
    }

    private record Due(Instant at, long sequence, String stream, long token) {
    }

    /** The pause before a stream's first retry after a retriable error. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** The longest pause between retries. */
    public static final Duration LAST_RETRY = Duration.ofMinutes(1);
    private static final Backoff RETRY = new Backoff(FIRST_RETRY, LAST_RETRY);
    /** How many times in a row a retriable error is retried before the stream parks (1+2+4+8+16 s of trying). */
    public static final int RETRIES = 5;

    private final int maxRunning;
    private final int maxPerSource;
    private final Clock clock;
    private final Map<String, Stream> streams = new TreeMap<>();
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.sequence(), b.sequence()) : a.at().compareTo(b.at()));
    private final Map<String, Integer> runningPerSource = new HashMap<>();
    private final Map<Integer, Integer> runningPerPartition = new HashMap<>();
    /** The streams running a step, with the partition they were counted against when it started. */
    private final Map<String, Integer> runningStreams = new HashMap<>();
    private final int maxPerPartition;
    private final ToIntFunction<String> partitionOf;
    private Predicate<String> here = stream -> true;
    private long sequence;
    private int running;
    /**
     * The last {@link #startDue} left due steps queued for want of room (every step running, or their source's or
     * partition's); a step's end, a stream queued or a new assignment clears it.
     */
    private boolean waitingForRoom;
    private volatile java.util.function.Consumer<StreamView> listener = v -> { };

    /** A scheduler that runs every stream, all in one partition. */
    public StreamScheduler(int maxRunning, int maxPerSource, Clock clock) {
        this(maxRunning, maxPerSource, maxRunning, stream -> 0, clock);
    }

    /**
     * @param maxPerPartition steps of streams of one assignment partition running at once
     * @param partitionOf     a stream's assignment partition
     */
    public StreamScheduler(int maxRunning, int maxPerSource, int maxPerPartition, ToIntFunction<String> partitionOf,
                           Clock clock) {
        if (maxRunning < 1 || maxPerSource < 1 || maxPerPartition < 1) {
            throw new IllegalArgumentException("maxRunning, maxPerSource and maxPerPartition must be at least 1");
        }
        this.maxRunning = maxRunning;
        this.maxPerSource = maxPerSource;
        this.maxPerPartition = maxPerPartition;
        this.partitionOf = partitionOf;
        this.clock = clock;
    }

    /**
     * Says which streams are assigned to this instance. A stream that leaves stops being queued (a step of it that
     * runs finishes: see {@link #awaitIdle}); one that comes waits for its trigger (a cdc stream queues at once),
     * not parked, whatever it was when it was here before.
     */
    public synchronized void assign(Predicate<String> assigned) {
        room();
        this.here = assigned;
        streams.forEach((key, s) -> {
            boolean now = assigned.test(key);
            if (s.here && !now) {
                s.here = false;
                s.token++;
                s.due = null;
                s.again = false;
                if (s.state != State.RUNNING) {
                    s.state = State.WAITING;
                }
            } else if (!s.here && now) {
                s.here = true;
                s.failures = 0;
                s.lastMessage = null;
                s.published = null;
                if (s.state != State.RUNNING) {
                    waitForTrigger(key, s);
                    announce(key, s);
                }
            }
        });
    }

    /** Whether the stream is known and assigned to this instance. */
    public synchronized boolean assigned(String stream) {
        Stream s = streams.get(stream);
        return s != null && s.here;
    }

    /**
     * Waits until no step of the streams that {@code which} matches runs (retired streams included).
     *
     * @return false when some still ran after {@code max}
     */
    public synchronized boolean awaitIdle(Predicate<String> which, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (runningStreams.keySet().stream().anyMatch(which)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Called, under the scheduler's lock, whenever a stream moves between waiting, running (queued or
     * running a step) and parked, or its error changes. Keep it quick.
     */
    public void onChange(java.util.function.Consumer<StreamView> listener) {
        this.listener = listener;
    }

    /** Adds a stream, or takes a changed definition of one (its next step uses it). */
    public synchronized void upsert(IngestionNode node) {
        Stream s = streams.get(node.key());
        boolean added = s == null;
        if (added) {
            s = new Stream();
            streams.put(node.key(), s);
        }
        s.node = node;
        s.cron = node.continuous() ? null : cronOf(node.trigger());
        if (added) {
            s.here = here.test(node.key());
        }
        if (!s.here) {
            return; // its definition is kept for when it is assigned here
        }
        if (added || (s.state == State.WAITING && (s.cron != null || node.continuous()))) {
            waitForTrigger(node.key(), s);
        }
        announce(node.key(), s);
    }

    /** Forgets a stream (its node left the graph); a step running now finishes. */
    public synchronized void retire(String stream) {
        streams.remove(stream);
    }

    /**
     * Runs the stream's next step as soon as there is room.
     *
     * @return false when the stream is unknown, not assigned here, or parked (reset it first)
     */
    public synchronized boolean trigger(String stream) {
        Stream s = streams.get(stream);
        if (s == null || !s.here || s.state == State.PARKED) {
            return false;
        }
        if (s.state == State.RUNNING) {
            s.again = true;
        } else if (s.state == State.WAITING) {
            enqueue(stream, s, clock.instant());
            announce(stream, s);
        }
        return true;
    }

    /**
     * Unparks a stream and queues its next step.
     *
     * @return false when the stream is unknown, not assigned here, or not parked
     */
    public synchronized boolean reset(String stream) {
        Stream s = streams.get(stream);
        if (s == null || !s.here || s.state != State.PARKED) {
            return false;
        }
        s.lastMessage = null;
        enqueue(stream, s, clock.instant());
        announce(stream, s);
        return true;
    }

    /** The steps to start now; each must be reported with {@link #finished}. */
    public synchronized List<Start> startDue() {
        Instant now = clock.instant();
        List<Start> out = new ArrayList<>();
        List<Due> deferred = new ArrayList<>();
        while (running < maxRunning && !queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            Due d = queue.poll();
            Stream s = streams.get(d.stream());
            if (s == null || s.token != d.token() || !s.here) {
                continue; // retired, rescheduled since, or assigned elsewhere
            }
            if (s.state == State.WAITING) {
                s.state = State.QUEUED; // a cron time came
            }
            String source = sourceOf(s.node);
            int partition = partitionOf.applyAsInt(d.stream());
            if (runningPerSource.getOrDefault(source, 0) >= maxPerSource
                    || runningPerPartition.getOrDefault(partition, 0) >= maxPerPartition) {
                deferred.add(d); // its source or its partition's producers are busy: it keeps its place
                continue;
            }
            s.state = State.RUNNING;
            s.token++;
            running++;
            runningPerSource.merge(source, 1, Integer::sum);
            runningPerPartition.merge(partition, 1, Integer::sum);
            runningStreams.put(d.stream(), partition);
            out.add(new Start(s.node, partition));
            announce(d.stream(), s);
        }
        queue.addAll(deferred);
        waitingForRoom = !queue.isEmpty() && !queue.peek().at().isAfter(now);
        return out;
    }

    /**
     * Whether the due steps wait for room: the last {@link #startDue} left some queued because every step was
     * running or their source or partition was full, and no step has ended, no stream queued since.
     */
    public synchronized boolean waitingForRoom() {
        return waitingForRoom;
    }

    /**
     * While the due steps wait for room, waits until a step ends or a stream queues, at most {@code max}; returns at
     * once otherwise. The caller's loop calls this instead of polling for due steps without a pause (which, with many
     * streams queued behind running steps, cost a core's worth of the control thread).
     */
    public synchronized void awaitRoom(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (waitingForRoom) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Reports a step's end; an ERROR parks the stream. */
    public synchronized void finished(IngestionNode node, IngestOutcome outcome, String message) {
        finished(node, outcome, message, false);
    }

    /**
     * Reports a step's end. An ERROR that may pass by itself ({@code retriable}: a lost connection, a broker
     * that does not answer) queues the stream again after a pause that doubles with each failure in a row, from
     * {@link #FIRST_RETRY} up to {@link #LAST_RETRY}, {@link #RETRIES} times; then, and on any other ERROR, the
     * stream parks.
     */
    public synchronized void finished(IngestionNode node, IngestOutcome outcome, String message, boolean retriable) {
        release(node);
        Stream s = streams.get(node.key());
        if (s == null) {
            return; // retired while it ran
        }
        if (!s.here) { // assigned elsewhere while it ran: the new owner goes on with it
            s.steps++;
            s.lastRun = clock.instant();
            s.lastOutcome = outcome.name();
            s.state = State.WAITING;
            return;
        }
        s.steps++;
        s.lastRun = clock.instant();
        s.lastOutcome = outcome.name();
        s.lastMessage = message;
        s.failures = outcome == IngestOutcome.ERROR ? s.failures + 1 : 0;
        switch (outcome) {
            case KEEP_WORKING -> enqueue(node.key(), s, clock.instant());
            case ERROR -> {
                if (retriable && s.failures <= RETRIES) {
                    enqueue(node.key(), s, clock.instant().plus(RETRY.delay(s.failures)));
                } else {
                    s.state = State.PARKED;
                    s.due = null;
                    s.token++;
                }
            }
            case DONE -> {
                if (s.again) {
                    enqueue(node.key(), s, clock.instant());
                } else {
                    waitForTrigger(node.key(), s);
                }
            }
        }
        s.again = false;
        announce(node.key(), s);
    }

    /**
     * Reports a step handed out by {@link #startDue} that did not run after all: its partition left this instance,
     * or lost its producers, between the start and the moment a worker took it up. It counts as no step and no
     * failure; the stream queues again (at once, if it is still assigned here; it waits otherwise).
     */
    public synchronized void notRun(IngestionNode node) {
        release(node);
        Stream s = streams.get(node.key());
        if (s == null) {
            return;
        }
        if (s.here) {
            enqueue(node.key(), s, clock.instant());
            announce(node.key(), s);
        } else {
            s.state = State.WAITING;
        }
        s.again = false;
    }

    /** Frees what a step held: counted against the partition it started in, whatever the partition is now. */
    private void release(IngestionNode node) {
        room();
        running--;
        runningPerSource.merge(sourceOf(node), -1, Integer::sum);
        Integer partition = runningStreams.remove(node.key());
        runningPerPartition.merge(partition == null ? partitionOf.applyAsInt(node.key()) : partition, -1,
                Integer::sum);
        notifyAll();
    }

    /** How long until a waiting step is due; empty when nothing waits on time (only on triggers). */
    public synchronized Optional<Duration> untilNext() {
        while (!queue.isEmpty()) {
            Due d = queue.peek();
            Stream s = streams.get(d.stream());
            if (s != null && s.token == d.token()) {
                Duration wait = Duration.between(clock.instant(), d.at());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
            queue.poll();
        }
        return Optional.empty();
    }

    public synchronized List<StreamView> streams() {
        List<StreamView> out = new ArrayList<>();
        streams.forEach((key, s) -> out.add(new StreamView(key, s.node.trigger(), s.state, s.due, s.lastRun,
                s.lastOutcome, s.lastMessage, s.steps, s.here)));
        return out;
    }

    public synchronized Optional<StreamView> stream(String key) {
        return streams().stream().filter(v -> v.stream().equals(key)).findFirst();
    }

    private void announce(String key, Stream s) {
        if (!s.here) {
            return; // the instance it is assigned to speaks for it
        }
        String coarse = s.state == State.PARKED ? "PARKED" : s.state == State.WAITING ? "WAITING" : "RUNNING";
        String error = s.state == State.PARKED || s.failures > 0 ? s.lastMessage : null;
        String now = coarse + "|" + error;
        if (!now.equals(s.published)) {
            s.published = now;
            listener.accept(new StreamView(key, s.node.trigger(), State.valueOf(coarse), s.due, s.lastRun,
                    s.lastOutcome, error, s.steps, true));
        }
    }

    private void waitForTrigger(String key, Stream s) {
        if (s.node.continuous()) {
            enqueue(key, s, clock.instant()); // change capture: the next step at once
            return;
        }
        s.state = State.WAITING;
        s.token++;
        s.due = null;
        if (s.cron != null) {
            s.due = s.cron.next(clock.instant().atZone(ZoneOffset.UTC)).toInstant();
            queue.add(new Due(s.due, sequence++, key, s.token));
        }
    }

    private void enqueue(String key, Stream s, Instant at) {
        room();
        s.state = State.QUEUED;
        s.token++;
        s.due = at;
        queue.add(new Due(at, sequence++, key, s.token));
    }

    /** Something changed that may let a due step start: wakes {@link #awaitRoom}. */
    private void room() {
        waitingForRoom = false;
        notifyAll();
    }

    private static CronExpression cronOf(String trigger) {
        if (trigger != null && trigger.startsWith("cron:")) {
            return CronExpression.parse(trigger.substring("cron:".length()).trim());
        }
        return null;
    }

    private static String sourceOf(IngestionNode node) {
        ContainerSpec c = node.source();
        if (c == null) {
            return "";
        }
        return c.url() != null ? c.url() : c.host() + ":" + c.port() + "/" + c.database();
    }
}

package io.datasurface.ingest.service;

import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.kafka.IngestOutcome;
import io.datasurface.ingest.kafka.IngestState;
import io.datasurface.ingest.kafka.IngestStates;
import io.datasurface.ingest.kafka.KafkaIngestStep;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.ingest.source.Databases;
import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.kafka.DeadLetters;
import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaFaults;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.LoopThread;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.StreamStatus;
import io.datasurface.model.event.StreamTrigger;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.SqlNames;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The ingest-service: one control thread follows the graphs (each ingestion node a stream) and the
 * StreamTrigger events, and hands the steps the {@link StreamScheduler} says are due to a pool of workers.
 * Each worker takes a transactional producer of the {@link ProducerPool} and runs a {@link KafkaIngestStep}
 * with it. Scheduler state changes are published as StreamStatus on {@code datasurface.stream-status}.
 *
 * <p>Several instances share the streams ({@link Assignments}): an instance runs the streams of the assignment
 * partitions the consumer group gives it, and ignores the others' triggers. Taking a partition over: its
 * producers are opened, which fences whoever held them before and aborts what they left open, then the states of
 * its streams are read from {@code datasurface.ingest-state} up to the topic's high watermark, and only then do
 * its streams run; a take-over that fails (a producer the broker does not let us make, a state read that does not
 * end in time) leaves the partition pending, tried again after a growing pause. Giving one up (revoked, lost): its
 * streams stop being started at once, their running steps stop before their next chunk (aborting what they did
 * not commit), the control thread waits at most {@link #RELEASE_WAIT} for them, then closes their idle producers
 * and hands their CDC readers to a thread of their own to close (closing waits for a step still reading), before
 * the group goes on. A step still running then ends at its next chunk or when the next owner fences its producer;
 * nothing it leaves is taken for the stream's state here (each step carries its partition's epoch,
 * {@link Takeovers}). A step that finds its producer fenced means another
 * instance took the partition over: the partition stops here at once and, if the group still gives it to this
 * instance one session timeout later, is taken over again (fencing in turn).
 */
public final class IngestLoop extends LoopThread {
    private static final Logger LOG = Logger.getLogger(IngestLoop.class);
    private static final Duration MAX_WAIT = Duration.ofMillis(200);
    /** How long a take-over waits for the states; the partition stays pending when they are not read by then. */
    private static final Duration STATE_READ_WAIT = Duration.ofSeconds(10);
    /**
     * How long giving a partition up waits for its running steps, inside the group's rebalance: short, so that the
     * rebalance (which waits for this member) is not held up; a step that runs longer is fenced by the next owner.
     */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(5);
    /** After this long opening producers in one pass, the control thread polls the group again before going on. */
    private static final Duration TAKEOVER_PASS = Duration.ofSeconds(10);

    private final IngestSettings settings;
    private final Clock clock;
    private final StreamScheduler scheduler;
    private final Map<String, IngestState> states = new ConcurrentHashMap<>();
    /** Held to change {@link #states} together with the partitions' epochs (taking over, giving up, a step's end). */
    private final Object stateLock = new Object();
    private final AtomicLong batchesSealed = new AtomicLong();
    private final AtomicLong rowsSent = new AtomicLong();
    /** Streams whose next batch is to read the whole source (see {@link #restart}). */
    private final Set<String> restarts = ConcurrentHashMap.newKeySet();
    private final SourceConnections sources;
    private final CdcStreams cdc;
    private final KafkaConsumer<String, String> events;
    private final KafkaConsumer<String, String> stateReader;
    private final Admin admin;
    private final Assignments assignments;
    /** Partitions whose producer a step found fenced or broken, for the control thread to give up. */
    private final java.util.Queue<Integer> broken = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final KafkaProducer<String, String> stateProducer;
    private final ProducerPool producers;
    private final ExecutorService workers;
    /** Closes the CDC readers of partitions given up, off the control thread (closing waits for a running step). */
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-release");
        t.setDaemon(true);
        return t;
    });
    /** Sends StreamStatus events off the scheduler's lock (a send may wait for the topic's metadata). */
    private final ExecutorService statusSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-status");
        t.setDaemon(true);
        return t;
    });
    private final GraphFollower follower;
    private final KafkaSettings kafka;
    private final String clientId;
    private final DeadLetters deadLetters;
    private final GraphFollower.Handler handler;
    private volatile boolean ready;
    private boolean earlierIdsFenced;
    private final Optional<DatabaseUrl> mergeStore;
    /** Each platform's milestoning, from its graphs (a snapshot that carries only what changed reads by it). */
    private final Map<String, Milestoning> milestonings = new ConcurrentHashMap<>();
    private final Set<String> mergeStoreWarned = ConcurrentHashMap.newKeySet();

    public IngestLoop(KafkaSettings kafka, IngestSettings settings, CredentialStore credentials, Clock clock) {
        this(kafka, settings, credentials, Optional.empty(), clock);
    }

    /**
     * @param mergeStore the merge store (with its login), read by sql-snapshot streams so that their batches after the
     *                   first carry only what changed; without it (or when it cannot be reached) every snapshot batch
     *                   is FULL
     */
    public IngestLoop(KafkaSettings kafka, IngestSettings settings, CredentialStore credentials,
                      Optional<DatabaseUrl> mergeStore, Clock clock) {
        super("ingest-control");
        this.settings = settings;
        this.mergeStore = mergeStore;
        this.clock = clock;
        this.clientId = "datasurface-ingest-" + settings.instance();
        this.assignments = new Assignments(kafka, settings, clientId, this::release);
        this.scheduler = new StreamScheduler(settings.maxRunning(), settings.maxPerSource(),
                settings.producersPerPartition(), assignments::partitionOf, clock);
        scheduler.assign(assignments::runsHere); // nothing until the group assigns partitions
        this.sources = new SourceConnections(credentials);
        this.cdc = new CdcStreams(sources, settings.chunkRows(),
                stream -> Optional.ofNullable(states.get(stream)).map(IngestState::sourcePosition).orElse(null));
        this.kafka = kafka;
        this.deadLetters = new DeadLetters(kafka, clientId, clock);
        this.handler = GraphFollower.Handler.deadLettering(this::dispatch, deadLetters);
        this.events = new KafkaConsumer<>(kafka.consumer(clientId));
        this.stateReader = new KafkaConsumer<>(kafka.consumer(clientId + "-states"));
        this.admin = Admin.create(kafka.common(clientId + "-admin"));
        this.stateProducer = new KafkaProducer<>(kafka.producer(clientId));
        this.producers = new ProducerPool(kafka, settings.group(), settings.producersPerPartition());
        this.workers = Executors.newFixedThreadPool(settings.maxRunning(), r -> new Thread(r, "ingest-step"));
        this.follower = new GraphFollower(events, Map.of(Topics.TRIGGERS, GraphFollower.From.END),
                Set.of(Topics.INGEST_STATE, Topics.INGEST_ASSIGNMENTS));
        scheduler.onChange(this::announce);
    }

    public StreamScheduler scheduler() {
        return scheduler;
    }

    /** Whether this instance runs the stream now (the group assigned it its partition, and it took it over). */
    public boolean runsHere(String stream) {
        return assignments.runsHere(stream);
    }

    /** The partitions of {@code datasurface.ingest-assignments} whose streams run here. */
    public Set<Integer> partitionsHere() {
        return assignments.active();
    }

    /** The stream's state as its last committed step left it; empty for a stream another instance runs. */
    public Optional<IngestState> state(String stream) {
        return Optional.ofNullable(states.get(stream));
    }

    /**
     * Whether the graphs are read up to where they were at start, so the streams are known, and the group has said
     * which of them run here (and they were taken over), so steps run.
     */
    public boolean ready() {
        return ready;
    }

    public long batchesSealed() {
        return batchesSealed.get();
    }

    public long rowsSent() {
        return rowsSent.get();
    }

    /** Records put on the dead-letter topic since the service started. */
    public long deadLetters() {
        return deadLetters.sent();
    }

    @Override
    protected void loop() throws InterruptedException {
        TopicAdmin.ensure(kafka, KafkaTopics.NAMES, clientId);
        if (!follower.awaitTopics(stopped)) {
            return;
        }
        if (!earlierIdsFenced) { // a transaction an earlier release's process left open would hold back state reads
            producers.fenceEarlierIds(IngestSettings.earlierIds(settings.instance()), settings.maxRunning());
            earlierIdsFenced = true;
        }
        if (!assignments.active().isEmpty()) { // the loop runs again after a failure: take everything over again
            release(assignments.active());
        }
        assignments.join();
        follower.assign();
        while (!stopping()) {
            scheduler.awaitRoom(MAX_WAIT); // due steps that wait for a running one to end: no polling meanwhile
            Duration wait = scheduler.untilNext().filter(d -> d.compareTo(MAX_WAIT) < 0).orElse(MAX_WAIT);
            follower.poll(wait, handler);
            assignments.poll();
            giveUpBroken();
            if (follower.caughtUp()) { // the streams are known: a partition without any opens no producers
                Set<Integer> due = assignments.due(clock.instant());
                if (!due.isEmpty()) { // which partitions have streams costs a pass over them all: only when needed
                    takeOver(due, partitionsWithStreams());
                }
            }
            if (!ready) {
                ready = follower.caughtUp() && assignments.settled();
                if (!ready) {
                    continue; // no step before every graph is read
                }
                LOG.infof("read the graphs: %d streams, %d of them run here", scheduler.streams().size(),
                        scheduler.streams().stream().filter(StreamScheduler.StreamView::assigned).count());
            }
            for (StreamScheduler.Start start : scheduler.startDue()) {
                long epoch = assignments.epoch(start.partition());
                workers.submit(() -> step(start, epoch));
            }
        }
    }

    @Override
    protected void wakeup() {
        events.wakeup();
        assignments.wakeup();
    }

    /** Lets running steps end at their next checkpoint, then closes the readers and producers. */
    @Override
    protected void close() {
        events.close(Duration.ofSeconds(5));
        workers.shutdown();
        try {
            workers.awaitTermination(60, TimeUnit.SECONDS); // a step ends at its next checkpoint or finishes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        statusSender.shutdown();
        assignments.close(); // a static member: its partitions wait for it one session timeout
        closer.shutdown(); // after the group's last callbacks, which may hand it readers
        stateReader.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        cdc.closeAll();
        producers.closeAll();
        stateProducer.close(Duration.ofSeconds(5));
        deadLetters.close();
    }

    /**
     * Reads the stream again from its start: its next batch reads the whole source — a snapshot stream as always,
     * a watermark stream from no watermark, a cdc stream from a new snapshot — so that it can take the place of a
     * batch the merge-service could not apply. The stream's batch numbering goes on. It happens at the stream's
     * next step once its open batch (if any) is sealed; the step is queued now, and a parked stream is unparked.
     *
     * @return false for a stream this instance does not run (unknown, or run by another instance)
     */
    public boolean restart(String stream) {
        if (!scheduler.assigned(stream)) {
            return false;
        }
        restarts.add(stream);
        if (!scheduler.reset(stream)) {
            scheduler.trigger(stream);
        }
        return true;
    }

    /**
     * Takes partitions over: opens their producers (fencing any other holder and aborting its open transactions),
     * reads their streams' states, then lets their streams run. A partition the broker does not let us fence yet,
     * or whose states cannot be read in time, stays pending and is tried again after a growing pause; the loop goes
     * on with the others.
     */
    private void takeOver(Set<Integer> partitions, Set<Integer> withStreams) {
        if (partitions.isEmpty()) {
            return;
        }
        long until = System.nanoTime() + TAKEOVER_PASS.toNanos();
        Set<Integer> opened = new java.util.TreeSet<>();
        Set<Integer> failed = new java.util.TreeSet<>();
        Set<Integer> empty = new java.util.TreeSet<>(partitions);
        empty.removeAll(withStreams);
        if (!empty.isEmpty()) { // nothing to fence or read for them until a stream of theirs appears (see apply)
            synchronized (stateLock) {
                assignments.activate(empty);
            }
            scheduler.assign(assignments::runsHere);
            LOG.debugf("assignment partitions %s have no stream: taken over without producers", empty);
        }
        for (int p : partitions) {
            if (empty.contains(p)) {
                continue;
            }
            if (System.nanoTime() > until) {
                break; // the rest on the next pass: the group waits for this thread to poll
            }
            try {
                producers.open(p);
                opened.add(p);
            } catch (org.apache.kafka.common.KafkaException e) {
                failed.add(p);
                LOG.warnf("cannot take over assignment partition %d yet (tried again after a pause): %s", p,
                        e.getMessage());
            }
        }
        assignments.failed(failed, clock.instant());
        if (opened.isEmpty()) {
            return;
        }
        Map<String, IngestState> read;
        try {
            var statePartitions = IngestStates.partitions(stateReader, STATE_READ_WAIT);
            read = IngestStates.read(stateReader, highWatermarks(statePartitions), STATE_READ_WAIT);
        } catch (DatasurfaceException | org.apache.kafka.common.KafkaException e) {
            opened.forEach(producers::close);
            assignments.failed(opened, clock.instant());
            LOG.warnf("cannot take over assignment partitions %s yet (tried again after a pause): %s", opened,
                    e.getMessage());
            return;
        }
        synchronized (stateLock) {
            states.keySet().removeIf(stream -> opened.contains(assignments.partitionOf(stream)));
            read.forEach((stream, state) -> {
                if (opened.contains(assignments.partitionOf(stream))) {
                    states.put(stream, state);
                }
            });
            assignments.activate(opened);
        }
        scheduler.assign(assignments::runsHere);
        LOG.infof("running the streams of assignment partitions %s (now %s)", opened, assignments.active());
    }

    /** The assignment partitions that some known stream belongs to. */
    private Set<Integer> partitionsWithStreams() {
        return scheduler.streams().stream().map(v -> assignments.partitionOf(v.stream()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Streams are about to appear in partitions taken over without producers (they had no stream then): those are
     * taken over properly now — their producers made, fencing, then their states read — before the streams are
     * known here, so that they never run, nor take a trigger, without. A partition that fails to be taken over
     * stays pending (its streams run elsewhere's way: not here) and is tried again after a pause.
     */
    private void takeOverForNewStreams(List<IngestionNode> coming) {
        Set<Integer> unopened = coming.stream().map(n -> assignments.partitionOf(n.key()))
                .filter(p -> assignments.active().contains(p) && !producers.opened(p))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (unopened.isEmpty()) {
            return;
        }
        synchronized (stateLock) {
            assignments.deactivate(unopened, clock.instant()); // pending, due now
        }
        scheduler.assign(assignments::runsHere);
        takeOver(unopened, unopened);
    }

    /** Where each partition of the state topic ends, records of transactions still open included. */
    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) {
        var latest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED));
        try {
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            for (TopicPartition p : partitions) {
                out.put(p, latest.partitionResult(p).get(STATE_READ_WAIT.toSeconds(), TimeUnit.SECONDS).offset());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasurfaceException("interrupted while reading where " + Topics.INGEST_STATE + " ends", true, e);
        } catch (ExecutionException | TimeoutException e) {
            throw KafkaFaults.of("reading where " + Topics.INGEST_STATE + " ends", e.getCause() == null ? e
                    : e.getCause());
        }
    }

    /**
     * Stops the partitions' streams here (active or pending): no new step starts, the running ones are left
     * {@link #RELEASE_WAIT} to end (committing or aborting), then their states, restarts asked for, idle producers
     * and CDC readers (closed on {@link #closer}) go. Called by the group's rebalance, on the control thread.
     */
    private void release(Set<Integer> partitions) {
        release(partitions, null);
    }

    private void release(Set<Integer> partitions, java.time.Instant retryAt) {
        java.util.function.Predicate<String> leaving = s -> partitions.contains(assignments.partitionOf(s));
        synchronized (stateLock) {
            assignments.deactivate(partitions, retryAt);
            states.keySet().removeIf(leaving);
        }
        restarts.removeIf(leaving); // a restart applies while this instance runs the stream
        scheduler.assign(assignments::runsHere);
        try {
            if (!scheduler.awaitIdle(leaving, RELEASE_WAIT)) {
                LOG.warnf("steps of assignment partitions %s still run after %s: they go on until they yield or the"
                        + " next owner fences them, and what they leave is not kept here", partitions, RELEASE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cdc.closeWhere(leaving, closer);
        partitions.forEach(producers::close);
        LOG.infof("stopped the streams of assignment partitions %s (now running %s)", partitions, assignments.active());
    }

    /**
     * Gives up the partitions whose producer a step found fenced: another instance took them over (this one was
     * paused or cut off, and the group moved on). If the group still gives them to this instance one session
     * timeout from now — the time the group takes to tell a member that it is out — they are taken over again.
     */
    private void giveUpBroken() {
        Set<Integer> gone = new java.util.TreeSet<>();
        for (Integer p; (p = broken.poll()) != null; ) {
            if (assignments.active().contains(p)) {
                gone.add(p);
            }
        }
        if (!gone.isEmpty()) {
            LOG.warnf("the producers of assignment partitions %s were fenced or broken: their streams stop here", gone);
            release(gone, clock.instant().plus(settings.sessionTimeout()));
        }
    }

    /**
     * Carries out a restart asked for, at the start of a step of the stream, once its batch is sealed: the stream's
     * position is forgotten in a transaction of the step's producer, so that fencing stops it like any step.
     */
    private void restartIfAsked(IngestionNode node, KafkaProducer<String, String> producer, int partition,
                                long epoch) {
        IngestState s = states.get(node.key());
        if (!restarts.contains(node.key()) || (s != null && s.open())) {
            return;
        }
        if (s != null && s.sourcePosition() != null) {
            unposition(s, producer, partition, epoch);
        }
        cdc.close(node.key());
        restarts.remove(node.key());
        LOG.infof("%s: this batch reads the source from its start", node.key());
    }

    /**
     * Forgets where the stream's last batch ended, so that the next one reads from the start: says so on the state
     * topic in a transaction of {@code producer} (a producer of the stream's partition), then here if the partition
     * is still in the stay {@code epoch}.
     *
     * @throws org.apache.kafka.common.KafkaException when the producer cannot go on; the caller gives it up
     */
    private void unposition(IngestState s, KafkaProducer<String, String> producer, int partition, long epoch) {
        IngestState unpositioned = new IngestState(s.stream(), s.platform(), s.batchId(), false, s.kind(), s.datasets(),
                null, s.previousPosition(), null, s.nextChunk(), s.rows());
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.INGEST_STATE, s.stream(), Json.write(unpositioned)));
        producer.commitTransaction();
        synchronized (stateLock) {
            if (assignments.current(partition, epoch)) {
                states.put(s.stream(), unpositioned);
            }
        }
    }

    /**
     * A retired cdc stream's position goes with its slot: forgotten on a worker, with a producer of its partition
     * once one is free, while the partition stays here.
     */
    private void unpositionRetired(IngestState s, int partition, long epoch) {
        for (int attempt = 0; attempt < 60 && assignments.current(partition, epoch); attempt++) {
            KafkaProducer<String, String> producer;
            try {
                producer = producers.take(partition, Duration.ofSeconds(1)); // its steps may hold them all
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (producer == null) {
                continue;
            }
            try {
                unposition(s, producer, partition, epoch);
                producers.giveBack(producer);
            } catch (org.apache.kafka.common.KafkaException e) {
                broken.add(partition);
                producers.discard(producer);
                LOG.warnf("%s retired, but its position could not be forgotten: %s", s.stream(), e.getMessage());
            }
            return;
        }
    }

    /**
     * The reader of a stream read step by step. A sql-snapshot stream's reads the merge store, when there is one, so
     * that its batches after the first carry only what changed; when the merge store cannot be reached, its batch is
     * FULL, and the first such step of a platform says why (once).
     */
    private BatchSource reader(IngestionNode node) {
        Milestoning milestoning = milestonings.get(node.platform());
        if (mergeStore.isEmpty() || milestoning == null || node.capture() != CaptureType.SQL_SNAPSHOT) {
            return sources.reader(node, settings.chunkRows());
        }
        Connection merge;
        try {
            merge = Databases.open(mergeStore.get(), "the merge store", clientId);
        } catch (DatasurfaceException e) {
            if (mergeStoreWarned.add(node.platform())) {
                LOG.warnf("snapshot batches of platform %s are FULL while the merge store cannot be read: %s",
                        node.platform(), e.getMessage());
            }
            return sources.reader(node, settings.chunkRows());
        }
        mergeStoreWarned.remove(node.platform());
        return sources.changesReader(node, null, settings.chunkRows(), merge, SqlNames.schema(node.platform()),
                milestoning);
    }

    private void dispatch(ConsumerRecord<String, String> record, Event event) {
        if (event instanceof GraphChanged g && settings.serves(g.platform())) {
            apply(g.diff());
        } else if (event instanceof StreamTrigger t && settings.serves(t.platform())) {
            if (scheduler.stream(t.stream()).isPresent() && !scheduler.assigned(t.stream())) {
                LOG.debugf("trigger of %s: another instance runs it", t.stream());
            } else if (!scheduler.trigger(t.stream())) {
                LOG.warnf("trigger of %s by %s ignored: the stream is unknown or parked", t.stream(), t.requestedBy());
            }
        }
    }

    private void apply(GraphDiff diff) {
        if (diff.milestoning() != null) {
            milestonings.put(diff.platform(), diff.milestoning());
        }
        if (follower.caughtUp()) { // before that, nothing is taken over
            takeOverForNewStreams(java.util.stream.Stream.concat(diff.streamsAdded().stream(),
                    diff.streamsChanged().stream()).toList());
        }
        diff.streamsAdded().forEach(scheduler::upsert);
        diff.streamsChanged().forEach(scheduler::upsert);
        for (IngestionNode gone : diff.streamsRemoved()) {
            boolean here = scheduler.assigned(gone.key());
            scheduler.retire(gone.key());
            if (gone.continuous() && here) { // the instance that runs it drops its slot
                cdc.retire(gone, workers);
            }
            // the state stays, so that a stream that comes back goes on with the next batch id, as the merge store
            // expects; a cdc stream's position goes with its slot, so that it starts again with a snapshot
            IngestState s = states.get(gone.key());
            if (s != null && gone.continuous() && !s.open() && s.sourcePosition() != null) {
                int partition = assignments.partitionOf(gone.key());
                long epoch = assignments.epoch(partition);
                workers.submit(() -> unpositionRetired(s, partition, epoch));
            }
        }
    }

    /**
     * One step on a worker thread, with a producer of the stream's partition. A step whose partition left (or came
     * back: another stay) since the scheduler started it, or whose partition has no producer free (they were found
     * broken), does not run; the scheduler queues it again.
     */
    private void step(StreamScheduler.Start start, long epoch) {
        IngestionNode node = start.node();
        int partition = start.partition();
        KafkaProducer<String, String> producer = assignments.current(partition, epoch) ? producers.take(partition)
                : null;
        if (producer == null) {
            scheduler.notRun(node);
            return;
        }
        IngestOutcome outcome = IngestOutcome.ERROR;
        String message = null;
        boolean retriable = true;
        try {
            try {
                restartIfAsked(node, producer, partition, epoch);
            } catch (org.apache.kafka.common.KafkaException e) {
                broken.add(partition); // given up (and taken over again): the restart is to be asked again
                producers.discard(producer);
                producer = null;
                throw new DatasurfaceException("restarting " + node.key() + ": " + e.getMessage(), true, e);
            }
            BatchSource reader = node.continuous() ? cdc.reader(node) : reader(node);
            try {
                KafkaIngestStep.Result r = new KafkaIngestStep(producer, node.platform(), node, settings.chunkRows(),
                        clock, () -> !assignments.current(partition, epoch)) // stops at its next chunk once given up
                        .run(Optional.ofNullable(states.get(node.key())), reader, settings.maxChunks());
                if (r.producerBroken()) { // fenced: what it committed is read by whoever fenced it
                    broken.add(partition); // before the producer goes, so no step takes the partition's others
                    producers.discard(producer);
                    producer = null;
                } else if (r.state() != null) {
                    synchronized (stateLock) {
                        if (assignments.current(partition, epoch)) { // not after its partition left (or came back)
                            states.put(node.key(), r.state());
                        }
                    }
                }
                outcome = r.outcome();
                message = r.message();
                retriable = r.retriable();
                rowsSent.addAndGet(r.rowsSent());
                if (outcome == IngestOutcome.DONE) {
                    batchesSealed.incrementAndGet();
                    LOG.infof("%s batch %d sealed", node.key(), r.state().batchId());
                } else if (outcome == IngestOutcome.ERROR) {
                    logFailure(node, message, retriable);
                }
            } finally {
                if (!node.continuous()) {
                    reader.close();
                } else if (outcome == IngestOutcome.ERROR && reader instanceof CdcReader c) {
                    cdc.close(node.key(), c); // it may have taken changes it did not send: start over
                }
            }
        } catch (DatasurfaceException e) {
            message = e.getMessage();
            retriable = e.retriable();
            logFailure(node, message, retriable);
        } catch (RuntimeException e) {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error(node.key() + ": a step failed unexpectedly", e);
        } finally {
            if (producer != null) {
                producers.giveBack(producer);
            }
            scheduler.finished(node, outcome, message, retriable);
        }
    }

    private static void logFailure(IngestionNode node, String message, boolean retriable) {
        LOG.warnf("%s: %s (%s)", node.key(), message,
                retriable ? "retried after a pause; parked if it persists" : "parked until reset");
    }

    /** Publishes a stream's scheduler state when it changes (StreamStatus on datasurface.stream-status). */
    private void announce(StreamScheduler.StreamView view) {
        IngestState s = states.get(view.stream());
        String platform = view.stream().substring(0, view.stream().indexOf('/'));
        StreamStatus status = new StreamStatus(platform, view.stream(), view.state().name(), view.lastMessage(),
                s == null ? 0 : s.batchId(), clock.instant(), StreamStatus.INGEST);
        statusSender.execute(() -> {
            try {
                stateProducer.send(new ProducerRecord<>(Topics.STREAM_STATUS, status.key(), Json.write(status)));
            } catch (RuntimeException e) {
                LOG.debugf("stream status of %s not published: %s", view.stream(), e.getMessage());
            }
        });
    }
}

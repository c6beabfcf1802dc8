package io.datasurface.modelservice.streams;

import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs the {@link StreamStatusTopology} and answers from its store (Kafka Streams interactive queries).
 *
 * <p>Never in the way of its host: a thread of its own waits until the broker answers and the source topics
 * exist, then starts Kafka Streams; if Kafka Streams fails (a topic deleted, a fatal error) it is closed and
 * started again the same way. Until it runs, every stream's status is unknown: {@link #all()} is empty.
 * Exactly-once processing, so the ingest topic is read {@code read_committed} (rows of aborted Kafka
 * transactions never count).
 */
public final class StreamStatusTable implements AutoCloseable {
    /** What one instance needs: Kafka, its Kafka Streams application id and local state directory. */
    public record Settings(KafkaSettings kafka, String applicationId, Path stateDir, Duration checkEvery) {
    }

    private static final Logger LOG = Logger.getLogger(StreamStatusTable.class.getName());

    private final Settings settings;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile KafkaStreams streams;
    private volatile String waitingFor = "not started";
    private Thread supervisor;

    public StreamStatusTable(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        supervisor = new Thread(this::supervise, "stream-status");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Kafka Streams' state (RUNNING, REBALANCING, …), or what it waits for before it can start. */
    public String state() {
        KafkaStreams s = streams;
        return s == null ? waitingFor : s.state().name();
    }

    /** Every stream's status, sorted by stream; empty while the table is not available. */
    public List<StreamStatusView> all() {
        List<StreamStatusView> out = new ArrayList<>();
        store().ifPresent(store -> {
            var now = clock.instant();
            try (KeyValueIterator<String, StreamProgress> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, StreamProgress> kv = it.next();
                    out.add(StreamStatusView.of(kv.value, now));
                }
            } catch (InvalidStateStoreException e) {
                out.clear(); // a rebalance began while reading: nothing rather than part
            }
        });
        out.sort(Comparator.comparing(StreamStatusView::stream));
        return out;
    }

    /** One stream's status (key {@code platform/stream}); empty when unknown or the table is not available. */
    public Optional<StreamStatusView> get(String key) {
        try {
            return store().map(s -> s.get(key)).map(p -> StreamStatusView.of(p, clock.instant()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** Whether the store can be queried now. */
    public boolean available() {
        return store().isPresent();
    }

    private Optional<ReadOnlyKeyValueStore<String, StreamProgress>> store() {
        KafkaStreams s = streams;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(s.store(StoreQueryParameters.fromNameAndType(StreamStatusTopology.STORE,
                    QueryableStoreTypes.<String, StreamProgress>keyValueStore()).enableStaleStores()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private void supervise() {
        try {
            do {
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "stream status: " + e.getMessage(), e);
                    stopStreams();
                }
            } while (!closed.await(settings.checkEvery().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        KafkaStreams s = streams;
        if (s != null) {
            if (s.state() == KafkaStreams.State.ERROR || s.state() == KafkaStreams.State.NOT_RUNNING) {
                LOG.warning("stream status: Kafka Streams stopped (" + s.state() + "); starting it again");
                stopStreams();
            }
            return;
        }
        Optional<String> missing = missingTopics();
        if (missing.isPresent()) {
            String what = "waiting for " + missing.get();
            if (!what.equals(waitingFor)) {
                LOG.info("stream status: " + what);
            }
            waitingFor = what;
            return;
        }
        KafkaStreams started = new KafkaStreams(StreamStatusTopology.build(), properties());
        started.setUncaughtExceptionHandler(e -> {
            LOG.log(Level.WARNING, "stream status: Kafka Streams failed: " + e.getMessage(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT; // the supervisor starts it again
        });
        synchronized (this) {
            if (closed.getCount() == 0) {
                started.close();
                return;
            }
            streams = started;
            started.start();
        }
        LOG.info("stream status: Kafka Streams " + settings.applicationId() + " started");
    }

    /**
     * What the topology still waits for: the broker, or topics not made yet (made here when the services manage
     * topics); empty when it can start.
     */
    private Optional<String> missingTopics() {
        try {
            TopicAdmin.ensure(settings.kafka(), KafkaTopics.NAMES, settings.applicationId());
        } catch (DatasurfaceException e) {
            return Optional.of("the topics: " + e.getMessage());
        }
        Properties p = settings.kafka().common(settings.applicationId() + "-topics");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            List<String> missing = Stream.concat(StreamStatusTopology.SOURCES.stream(), Stream.of(Topics.DEAD_LETTERS))
                    .filter(t -> !names.contains(t)).toList();
            return missing.isEmpty() ? Optional.empty() : Optional.of("topics " + String.join(", ", missing));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | org.apache.kafka.common.KafkaException e) {
            return Optional.of("Kafka at " + settings.kafka().bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Kafka at " + settings.kafka().bootstrapServers());
        }
    }

    private Properties properties() {
        Properties p = settings.kafka().common(settings.applicationId());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2); // reads read_committed
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        return p;
    }

    private synchronized void stopStreams() {
        KafkaStreams s = streams;
        streams = null;
        if (s != null) {
            s.close(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        closed.countDown();
        Thread t;
        synchronized (this) {
            t = supervisor;
        }
        if (t != null) { // wakes from its wait at once; a topic check in progress ends within its 5 s timeout
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopStreams();
    }
}

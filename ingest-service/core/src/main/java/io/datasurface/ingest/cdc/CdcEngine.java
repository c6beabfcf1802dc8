package io.datasurface.ingest.cdc;

import io.datasurface.ingest.cdc.CdcReader.Address;
import io.datasurface.model.fault.DatasurfaceException;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One running Debezium embedded engine (PostgreSQL connector, pgoutput) for one stream, on a thread of its
 * own: it hands its records over through a bounded queue ({@link #poll}), keeps its offsets in memory only,
 * and tells the replication slot a position only when {@link #confirm} says so — the position of a record
 * whose batch the caller has committed; Debezium does that with the next records it hands over (or its
 * heartbeat, every 5 s).
 */
final class CdcEngine implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 20_000;

    private final String stream;
    private final Address address;
    private final BlockingQueue<RecordChangeEvent<SourceRecord>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrayDeque<RecordChangeEvent<SourceRecord>> toConfirm = new ArrayDeque<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final ExecutorService runner;

    /**
     * Starts the engine.
     *
     * @param slot          the replication slot and publication name, also Debezium's topic prefix and metrics
     *                      name (one per stream, so that engines in one JVM do not clash)
     * @param includeList   Debezium's {@code table.include.list}
     * @param textForm      the columns {@link PostgresTextForm} hands over as text (its configuration; empty
     *                      for none)
     * @param dates         the date columns {@link PostgresTextForm} hands over as ISO dates with their era
     *                      (same form; empty for none)
     * @param unknownTypes  whether one of those has a type Debezium does not know ({@code tsvector}, ranges…),
     *                      which it passes on only with {@code include.unknown.datatypes}
     * @param notifications the topic of Debezium's notifications (the initial snapshot's progress)
     * @param snapshot      take the initial snapshot first ({@code initial}), or only stream ({@code no_data})
     */
    CdcEngine(String stream, Address address, String slot, String includeList, String textForm, String dates,
              boolean unknownTypes, String notifications, boolean snapshot) {
        this.stream = stream;
        this.address = address;
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties(slot, includeList, textForm, dates, unknownTypes, notifications,
                        snapshot ? "initial" : "no_data"))
                .using((success, message, error) -> {
                    if (!success) {
                        failure.set(redact(error != null && error.getMessage() != null ? error.getMessage() : message));
                    }
                })
                .notifying(this::handOver)
                .build();
        this.runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-" + stream));
        runner.execute(engine);
    }

    /**
     * The next record, waiting at most {@code nanos}; null when none came.
     *
     * @throws DatasurfaceException (retriable) when the engine stopped on an error and has nothing left
     */
    RecordChangeEvent<SourceRecord> poll(long nanos) throws InterruptedException {
        RecordChangeEvent<SourceRecord> r = queue.poll(nanos, TimeUnit.NANOSECONDS);
        if (r == null && failure.get() != null) {
            throw new DatasurfaceException("stream " + stream + ": change capture stopped: " + failure.get(), true);
        }
        return r;
    }

    /** The batch that ends with this record is committed: the slot may forget what came before it. */
    void confirm(RecordChangeEvent<SourceRecord> last) {
        synchronized (toConfirm) {
            toConfirm.add(last);
        }
    }

    /** Stops the engine; the slot stays where it was last told. */
    @Override
    public void close() {
        closing.set(true);
        try {
            engine.close();
        } catch (IOException | RuntimeException ignored) {
            // stopping only
        }
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On Debezium's thread: queues the records, then tells the slot the last confirmed position, if any. */
    private void handOver(java.util.List<RecordChangeEvent<SourceRecord>> records,
                          DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        for (RecordChangeEvent<SourceRecord> e : records) {
            while (!queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                if (closing.get()) {
                    return; // no one reads any more: what is left comes again from the slot
                }
            }
        }
        RecordChangeEvent<SourceRecord> last = null;
        synchronized (toConfirm) {
            while (!toConfirm.isEmpty()) {
                last = toConfirm.poll();
            }
        }
        if (last != null) {
            committer.markProcessed(last);
            committer.markBatchFinished();
        }
    }

    private Properties properties(String slot, String includeList, String textForm, String dates,
                                  boolean unknownTypes, String notifications, String snapshotMode) {
        Properties p = new Properties();
        p.setProperty("name", slot);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("database.hostname", address.host());
        p.setProperty("database.port", Integer.toString(address.port()));
        p.setProperty("database.dbname", address.database());
        if (address.credential() != null) {
            p.setProperty("database.user", address.credential().user());
            p.setProperty("database.password", address.credential().password());
        }
        p.setProperty("topic.prefix", slot);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", includeList);
        p.setProperty("snapshot.mode", snapshotMode);
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("notification.enabled.channels", "sink");
        p.setProperty("notification.sink.topic.name", notifications);
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string"); // exact, and the only mode that carries NaN and infinities
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("heartbeat.interval.ms", "5000");
        p.setProperty("poll.interval.ms", "20"); // hand changes over as they come, not every half second
        p.setProperty("slot.drop.on.stop", "false");
        if (!textForm.isEmpty() || !dates.isEmpty()) {
            p.setProperty("converters", "dstext");
            p.setProperty("dstext.type", PostgresTextForm.class.getName());
            p.setProperty("dstext." + PostgresTextForm.COLUMNS, textForm);
            p.setProperty("dstext." + PostgresTextForm.DATES, dates);
        }
        if (unknownTypes) {
            p.setProperty("include.unknown.datatypes", "true");
        }
        return p;
    }

    private String redact(String message) {
        String m = String.valueOf(message);
        return address.credential() == null ? m : address.credential().hiddenIn(m);
    }
}

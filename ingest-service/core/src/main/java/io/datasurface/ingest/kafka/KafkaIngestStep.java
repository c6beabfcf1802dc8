package io.datasurface.ingest.kafka;

import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * One step of one ingestion stream into Kafka: opens a batch (BatchStarted) or resumes the open one,
 * reads the next part of it into RowChunk events and, when the source is read through, seals it
 * (BatchSealed). Every checkpoint of the reader is one Kafka transaction holding the chunks since the
 * previous one and the stream's new {@link IngestState} (on {@code datasurface.ingest-state}), so a
 * {@code read_committed} consumer never sees rows whose restart point was not recorded, and a crash at
 * any moment loses only the uncommitted part, which the next step reads again. The state is the last record
 * sent before each commit: {@code datasurface.ingest-state} joins a transaction only as it commits, so a long one
 * (a CDC snapshot) does not hold back readers of the states (a take-over reads them up to the high watermark).
 * An aborted transaction leaves no state, so the batch it opened was never opened.
 *
 * <p>A batch opened under other dataset schemas than the graph's now, or of the other kind, is started
 * again under the same id (a new BatchStarted, chunks counted from 0).
 */
public final class KafkaIngestStep {
    /** About this many bytes of rows, before compression, go in one chunk at most. */
    public static final int CHUNK_BYTES = 4 << 20;

    /**
     * The outcome, the state as last committed, and what to say about it. {@code producerBroken}: the producer
     * cannot be used again (fenced by another producer of its transactional id, or refused by the broker) and must
     * be replaced.
     */
    public record Result(IngestOutcome outcome, IngestState state, long rowsSent, boolean retriable, String message,
                         boolean producerBroken) {
        Result(IngestOutcome outcome, IngestState state, long rowsSent, boolean retriable, String message) {
            this(outcome, state, rowsSent, retriable, message, false);
        }
    }

    /** Thrown from the sink when the step is to stop: what it sent since its last commit is dropped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("the step was stopped", null, false, false);
        }
    }

    private final Producer<String, String> producer;
    private final String platform;
    private final IngestionNode node;
    private final int chunkRows;
    private final Clock clock;
    private final BooleanSupplier stop;

    /** @param producer a transactional producer, transactions initialised, used by this step alone while it runs */
    public KafkaIngestStep(Producer<String, String> producer, String platform, IngestionNode node, int chunkRows,
                           Clock clock) {
        this(producer, platform, node, chunkRows, clock, () -> false);
    }

    /**
     * @param stop asked before each chunk is sent: when true, the step aborts its open transaction and ends
     *             KEEP_WORKING with the state of its last commit (its stream is to run elsewhere now)
     */
    public KafkaIngestStep(Producer<String, String> producer, String platform, IngestionNode node, int chunkRows,
                           Clock clock, BooleanSupplier stop) {
        this.producer = producer;
        this.platform = platform;
        this.node = node;
        this.chunkRows = chunkRows;
        this.clock = clock;
        this.stop = stop;
    }

    public Result run(Optional<IngestState> last, BatchSource source, int maxChunks) {
        if (!source.awaitData(BatchSource.IDLE_WAIT)) {
            return new Result(IngestOutcome.KEEP_WORKING, last.orElse(null), 0, true, null); // no change to send
        }
        List<DatasetSchema> schemas = node.datasets().stream()
                .map(d -> new DatasetSchema(d.name(), d.fingerprint())).toList();
        IngestState[] committed = {last.orElse(null)};
        long[] sent = {0};
        try {
            source.opening(last.map(l -> l.open() ? l.batchId() : l.batchId() + 1).orElse(1L));
            producer.beginTransaction();
            IngestState state;
            boolean resume = last.isPresent() && last.get().open() && last.get().datasets().equals(schemas)
                    && last.get().kind() == source.kind();
            if (resume) {
                state = last.get();
            } else {
                state = opened(last, schemas, source);
                send(Topics.INGEST, new BatchStarted(node.key(), platform, state.batchId(), state.kind(), schemas,
                        state.previousPosition(), clock.instant()));
                // no state now: the first commit (a checkpoint or the seal) records the opened batch
            }
            IngestState[] current = {state};
            KafkaBatchSink sink = new KafkaBatchSink(node.key(), state.batchId(), node.datasets(), chunkRows,
                    CHUNK_BYTES, state.nextChunk(), state.rows(), new KafkaBatchSink.Transactions() {
                        @Override
                        public void send(RowChunk chunk) {
                            if (stop.getAsBoolean()) {
                                throw new Stopped();
                            }
                            KafkaIngestStep.this.send(Topics.INGEST, chunk);
                        }

                        @Override
                        public void checkpoint(String restartPoint, Map<String, Integer> nextChunk, Map<String, Long> rows) {
                            IngestState s = current[0];
                            IngestState next = new IngestState(s.stream(), s.platform(), s.batchId(), true, s.kind(),
                                    s.datasets(), restartPoint, s.previousPosition(), null, nextChunk, rows);
                            sendState(next);
                            producer.commitTransaction();
                            sent[0] += total(rows) - total(current[0].rows());
                            current[0] = next;
                            committed[0] = next;
                            producer.beginTransaction();
                        }
                    });
            BatchSource.ReadOutcome outcome = source.read(state.restartPoint(), state.previousPosition(),
                    Math.max(1, maxChunks), sink);
            if (!outcome.finished()) {
                producer.abortTransaction(); // rows after the last checkpoint are read again next step
                return new Result(IngestOutcome.KEEP_WORKING, committed[0], sent[0], true, null);
            }
            sink.finish(); // the rows since the last checkpoint go out with the seal
            IngestState s = current[0];
            Map<String, Integer> chunks = sink.nextChunk();
            Map<String, Long> rows = sink.rows();
            List<SealedDataset> sealed = node.datasets().stream().map(DatasetSpec::name)
                    .map(d -> new SealedDataset(d, chunks.getOrDefault(d, 0), rows.getOrDefault(d, 0L))).toList();
            send(Topics.INGEST, new BatchSealed(node.key(), s.batchId(), sealed, outcome.sourcePosition(),
                    clock.instant()));
            IngestState done = new IngestState(s.stream(), s.platform(), s.batchId(), false, s.kind(), s.datasets(),
                    null, s.previousPosition(), outcome.sourcePosition(), chunks, rows);
            sendState(done);
            producer.commitTransaction();
            return new Result(IngestOutcome.DONE, done, sent[0] + total(rows) - total(s.rows()), false, null);
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException e) {
            // the producer cannot go on (another process took over its transactional id): the caller makes a new one
            return new Result(IngestOutcome.ERROR, committed[0], sent[0], true, "the Kafka producer cannot go on: "
                    + e.getMessage(), true);
        } catch (RuntimeException e) {
            if (stopped(e)) { // its stream runs elsewhere now: what was not committed is read again there
                abortQuietly();
                return new Result(IngestOutcome.KEEP_WORKING, committed[0], sent[0], true, null);
            }
            if (fatal(e)) { // fenced, seen through another error (a commit that failed because of it)
                return new Result(IngestOutcome.ERROR, committed[0], sent[0], true, "the Kafka producer cannot go on: "
                        + e.getMessage(), true);
            }
            abortQuietly();
            if (e instanceof KafkaException || e instanceof DatasurfaceException
                    || e instanceof IllegalArgumentException) {
                boolean retriable = !(e instanceof DatasurfaceException d) || d.retriable();
                return new Result(IngestOutcome.ERROR, committed[0], sent[0], retriable, e.getMessage());
            }
            return new Result(IngestOutcome.ERROR, committed[0], sent[0], true, "unexpected "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** A new batch after a sealed one (or the first), or the open batch started again under the new schemas. */
    private IngestState opened(Optional<IngestState> last, List<DatasetSchema> schemas, BatchSource source) {
        if (last.isEmpty()) {
            return new IngestState(node.key(), platform, 1, true, source.kind(), schemas, null, null, null, Map.of(),
                    Map.of());
        }
        IngestState l = last.get();
        return l.open()
                ? new IngestState(node.key(), platform, l.batchId(), true, source.kind(), schemas, null,
                l.previousPosition(), null, Map.of(), Map.of())
                : new IngestState(node.key(), platform, l.batchId() + 1, true, source.kind(), schemas, null,
                l.sourcePosition(), null, Map.of(), Map.of());
    }

    private void send(String topic, Event event) {
        producer.send(new ProducerRecord<>(topic, event.key(), Json.write(event)));
    }

    private void sendState(IngestState state) {
        producer.send(new ProducerRecord<>(Topics.INGEST_STATE, state.stream(), Json.write(state)));
    }

    /** Whether the step ended because it was asked to stop (the reader may have wrapped the signal). */
    private static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    /** Whether the producer cannot be used again: another of its id took over, or the broker refused it. */
    private static boolean fatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException ignored) {
            // no transaction open, or the producer is broken: nothing of it became visible
        }
    }

    private static long total(Map<String, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}

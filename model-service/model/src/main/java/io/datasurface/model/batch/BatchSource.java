package io.datasurface.model.batch;

import io.datasurface.model.event.BatchKind;
import java.time.Duration;

/**
 * A reader of one ingestion stream: reads one batch, possibly over several steps, into a
 * {@link BatchSink}. Implementations: JDBC snapshot, watermark and CDC readers.
 */
public interface BatchSource extends AutoCloseable {

    /** FULL (a complete snapshot) or DELTA (changes). */
    BatchKind kind();

    /**
     * The id of the batch about to be read (opened, started again or resumed), told before {@link #kind} by a caller
     * that keeps its own batch ids (the ingest-service). A reader whose kind depends on what the merge store committed
     * (a snapshot that carries only what changed) needs the batch before this one committed there.
     */
    default void opening(long batchId) {
    }

    /**
     * Checks the source against the model (its tables, columns and types) without reading a row. The
     * caller checks before it writes anything for a batch, so a source the model does not fit leaves the
     * merge store as it was. Readers whose checks need no call (the default) check in {@link #read}.
     *
     * @throws io.datasurface.model.fault.DatasurfaceException naming the problem and what to change
     */
    default void check() {
    }

    /**
     * Reads the next part of the current batch.
     *
     * @param restartPoint     where the previous step of this batch stopped ({@code null} when the
     *                         batch starts now)
     * @param previousPosition the source position the previous committed batch ended at ({@code null}
     *                         for the first batch), e.g. the high watermark already merged
     * @param maxChunks        how many chunks (checkpoints) this step may write before it yields
     * @param sink             where rows go; call {@link BatchSink#checkpoint} after each chunk
     * @return whether the batch is fully read, and the position it ends at
     */
    ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink);

    /** How long a step of a change-capture stream waits for a first change before it yields without a batch. */
    Duration IDLE_WAIT = Duration.ofMillis(500);

    /**
     * Waits, at most {@code wait}, until there is something to read. Readers of a source that is read on
     * a schedule always have (the default); a change-capture reader says false when no change came, so the
     * caller can yield without opening a batch.
     */
    default boolean awaitData(Duration wait) {
        return true;
    }

    /** Releases source connections. */
    @Override
    void close();

    /**
     * @param finished       true when every row of the batch has been written and checkpointed
     * @param sourcePosition when finished, the position the batch ends at (kept with the committed
     *                       batch and given to the next batch as {@code previousPosition})
     */
    record ReadOutcome(boolean finished, String sourcePosition) {
        public static ReadOutcome keepWorking() {
            return new ReadOutcome(false, null);
        }

        public static ReadOutcome finished(String sourcePosition) {
            return new ReadOutcome(true, sourcePosition);
        }
    }
}

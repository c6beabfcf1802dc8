package io.datasurface.merge.job;

import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A source whose batch is a fixed list of rows and deletes, written {@code chunkRows} per chunk; the
 * restart point is the index of the next change. {@code failAfter} makes it throw after that many
 * changes in one read (a source that breaks mid-batch).
 */
final class ListSource implements BatchSource {
    record Change(String dataset, Object[] values, boolean delete) {
    }

    private final BatchKind kind;
    private final List<Change> changes = new ArrayList<>();
    private int chunkRows = 1000;
    private int failAfter = -1;
    private Supplier<RuntimeException> failure;
    private int actAt = -1;
    private Runnable action;
    private String position = "end";
    String lastPreviousPosition;
    int reads;
    /** The restart point each read was asked to start at ({@code null}: the start of the batch). */
    final List<String> restartPoints = new ArrayList<>();

    ListSource(BatchKind kind) {
        this.kind = kind;
    }

    static ListSource full() {
        return new ListSource(BatchKind.FULL);
    }

    static ListSource delta() {
        return new ListSource(BatchKind.DELTA);
    }

    ListSource row(String dataset, Object... values) {
        changes.add(new Change(dataset, values, false));
        return this;
    }

    ListSource delete(String dataset, Object... values) {
        changes.add(new Change(dataset, values, true));
        return this;
    }

    ListSource chunkRows(int n) {
        chunkRows = n;
        return this;
    }

    /** Throws after {@code n} changes in one read; -1 for a source that no longer breaks. */
    ListSource failAfter(int n) {
        return failAfter(n, () -> new IllegalStateException("source broke after " + n + " rows"));
    }

    /** Throws {@code error}'s exception after {@code n} changes in one read. */
    ListSource failAfter(int n, Supplier<RuntimeException> error) {
        failAfter = n;
        failure = error;
        return this;
    }

    /** Runs {@code action} (a fault the test injects) before the n-th change of a read, counted from 1; -1: never. */
    ListSource onRow(int n, Runnable action) {
        actAt = n;
        this.action = action;
        return this;
    }

    ListSource position(String p) {
        position = p;
        return this;
    }

    @Override
    public BatchKind kind() {
        return kind;
    }

    @Override
    public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
        reads++;
        restartPoints.add(restartPoint);
        lastPreviousPosition = previousPosition;
        int next = restartPoint == null ? 0 : Integer.parseInt(restartPoint);
        int chunks = 0;
        int written = 0;
        int seen = 0;
        while (next < changes.size()) {
            int end = Math.min(changes.size(), next + chunkRows);
            for (int i = next; i < end; i++) {
                if (failAfter >= 0 && written++ >= failAfter) {
                    throw failure.get();
                }
                if (++seen == actAt) {
                    action.run();
                }
                Change c = changes.get(i);
                if (c.delete()) {
                    sink.delete(c.dataset(), c.values());
                } else {
                    sink.row(c.dataset(), c.values());
                }
            }
            next = end;
            if (next < changes.size()) {
                sink.checkpoint(Integer.toString(next));
                if (++chunks >= maxChunks) {
                    return ReadOutcome.keepWorking();
                }
            }
        }
        return ReadOutcome.finished(position);
    }

    @Override
    public void close() {
    }
}

package io.datasurface.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * Rows done and rows/s of a long load: redrawn in place on a terminal, else a plain line at most every
 * 10 seconds.
 */
final class Progress implements LongConsumer {
    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private long started;
    private long firstRows = -1;
    private long lastLine;
    private boolean drawn;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * @param rows rows of the batch staged so far, also by earlier steps; the rate counts only this
     *             step's, from its first checkpoint on
     */
    @Override
    public void accept(long rows) {
        long now = System.nanoTime();
        if (firstRows < 0) {
            firstRows = rows;
            started = now;
        }
        double seconds = (now - started) / 1e9;
        String text = seconds <= 0 ? String.format("staged %,d rows", rows)
                : String.format("staged %,d rows, %,.0f rows/s", rows, (rows - firstRows) / seconds);
        if (terminal) {
            err.print("\r" + text + "   ");
            err.flush();
            drawn = true;
        } else if (now - lastLine >= LINE_INTERVAL_NANOS) {
            err.println(text);
            err.flush();
            lastLine = now;
        }
    }

    /** Ends the in-place line, if one was drawn. */
    void done() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}

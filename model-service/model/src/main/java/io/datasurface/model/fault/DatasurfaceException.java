package io.datasurface.model.fault;

/**
 * The one root of runtime faults. {@link #retriable()} says whether trying the same thing again may
 * succeed without anyone changing anything (a lost connection, a lock held by another process) or
 * whether someone must act first (bad credentials, a source table missing a column, duplicate keys).
 * Messages say what failed and what to do, and never contain a secret.
 */
public class DatasurfaceException extends RuntimeException {
    private final boolean retriable;

    public DatasurfaceException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public DatasurfaceException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}

package io.datasurface.model.fault;

/**
 * The one root of runtime faults. {@link #retriable()} says whether trying the same thing again may
 * succeed without anyone changing anything (a lost connection, a lock held by another process) or
 * whether someone must act first (bad credentials, a source table missing a column, duplicate keys).
 * Messages say what failed and what to do, and never contain a secret. A message may quote data (the
 * values of a duplicate key), which an operator needs to fix the source; such a fault also has a message
 * without them, {@link #messageWithoutData()}, for what anyone may read (health checks).
 */
public class DatasurfaceException extends RuntimeException {
    private final boolean retriable;
    private final String withoutData;

    public DatasurfaceException(String message, boolean retriable) {
        this(message, null, retriable, null);
    }

    public DatasurfaceException(String message, boolean retriable, Throwable cause) {
        this(message, null, retriable, cause);
    }

    /**
     * @param message     what failed, with the data it is about (for the log, the command line, the batch's record)
     * @param withoutData the same without any value of the data; null when the message quotes none
     */
    /**
     * A snapshot refused because it holds a key twice, said the same way wherever that is found (staging, a load
     * straight into a merge table, a snapshot that carries only what changed).
     *
     * @param subject the table or dataset that holds it, e.g. {@code dataset 'orders'}
     * @param key     the key with its values, e.g. {@code (id)=(42)}, for the message
     * @param columns the key without its values, e.g. {@code (id)}, for {@link #messageWithoutData()}
     */
    public static DatasurfaceException keyTwice(String subject, String key, String columns, Throwable cause) {
        String after = " more than once; the source's key is not unique, so the batch was not committed";
        return new DatasurfaceException(subject + ": the snapshot holds key " + key + after,
                subject + ": the snapshot holds a key " + columns + after, false, cause);
    }

    public DatasurfaceException(String message, String withoutData, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.withoutData = withoutData;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The message without the values of data it may quote (keys, rows). */
    public String messageWithoutData() {
        return withoutData != null ? withoutData : getMessage();
    }

    /**
     * What a status anyone may read (a health check) says of a fault: the {@link #messageWithoutData()} of
     * a {@link DatasurfaceException} (which never holds a secret); of any other fault, whose message was not
     * written to be shown (a driver's may quote a statement with its values), only its kind.
     */
    public static String describeWithoutData(Throwable fault) {
        return fault instanceof DatasurfaceException d ? d.messageWithoutData()
                : "unexpected " + fault.getClass().getSimpleName() + " (its message is in the service's log)";
    }
}

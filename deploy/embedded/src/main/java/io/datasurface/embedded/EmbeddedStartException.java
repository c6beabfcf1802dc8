package io.datasurface.embedded;

/**
 * Embedded infrastructure (Kafka broker or PostgreSQL server) could not be started or used.
 * The message says what failed and how to fix it.
 */
public class EmbeddedStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do about it
     */
    public EmbeddedStartException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do about it
     * @param cause   the underlying failure
     */
    public EmbeddedStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return the message of the innermost cause, without a trailing period, for use inside a sentence */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}

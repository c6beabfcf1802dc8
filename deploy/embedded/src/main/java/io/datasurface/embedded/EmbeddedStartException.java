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
}

package io.datasurface.model.cron;

/**
 * Thrown by {@link CronExpression#parse(String)} when the text is not a valid cron expression.
 * The message says what is wrong and what would be accepted instead.
 */
public class CronSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    CronSyntaxException(String message) {
        super(message);
    }
}

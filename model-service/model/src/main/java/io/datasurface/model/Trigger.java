package io.datasurface.model;

/**
 * When an ingestion stream takes its next step: on a cron schedule or when triggered from outside.
 * {@code cron} is null for an external trigger.
 */
public record Trigger(String cron) {
    public static final Trigger EXTERNAL = new Trigger(null);

    public boolean isExternal() {
        return cron == null;
    }

    /** {@code cron: EXPR} or {@code external}. */
    @Override
    public String toString() {
        return isExternal() ? "external" : "cron: " + cron;
    }
}

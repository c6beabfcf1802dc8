package io.datasurface.model.fault;

import java.time.Duration;

/** Waits between retries: {@code initial}, doubling with each attempt, never more than {@code max}. */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}

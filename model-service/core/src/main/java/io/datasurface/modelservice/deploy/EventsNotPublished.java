package io.datasurface.modelservice.deploy;

import io.datasurface.model.fault.DatasurfaceException;

/**
 * Thrown by an {@link EventPublisher} that knows none of the events it was given became visible (its Kafka
 * transaction was aborted). Any other exception from a publisher leaves it open whether they were published.
 */
public final class EventsNotPublished extends DatasurfaceException {
    public EventsNotPublished(String message, Throwable cause) {
        super(message, true, cause);
    }
}

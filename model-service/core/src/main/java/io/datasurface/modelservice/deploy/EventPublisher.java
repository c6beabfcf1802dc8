package io.datasurface.modelservice.deploy;

import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.event.ModelRejected;
import java.util.List;

/** Where the model-service's events go. */
public interface EventPublisher {
    /**
     * Publishes a deployment and its graph changes all together, or none of them. Publishing the same events
     * again is harmless: consumers apply a diff once.
     *
     * @throws EventsNotPublished when it is certain that none of them became visible; any other exception
     *                            leaves that open
     */
    void deployed(ModelDeployed deployed, List<GraphChanged> graphChanges);

    void rejected(ModelRejected rejected);
}

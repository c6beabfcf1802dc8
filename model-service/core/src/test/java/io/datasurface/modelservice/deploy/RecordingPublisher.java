package io.datasurface.modelservice.deploy;

import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.event.ModelRejected;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The events a deployer published, in order, kept in memory (the Kafka publisher is the app's; what matters here
 * is what the deployer hands it and when). {@code beforePublishing} runs before a deployment's events go out and
 * {@code afterPublishing} once they are: a test makes publishing fail, or the process "die", there.
 */
final class RecordingPublisher implements EventPublisher {
    record Published(ModelDeployed deployed, List<GraphChanged> graphChanges) {
    }

    final List<Published> deployed = new CopyOnWriteArrayList<>();
    final List<ModelRejected> rejected = new CopyOnWriteArrayList<>();
    volatile Runnable beforePublishing = () -> { };
    volatile Runnable afterPublishing = () -> { };

    @Override
    public void deployed(ModelDeployed event, List<GraphChanged> graphChanges) {
        beforePublishing.run();
        deployed.add(new Published(event, List.copyOf(graphChanges)));
        afterPublishing.run();
    }

    @Override
    public void rejected(ModelRejected event) {
        rejected.add(event);
    }

    List<Published> of(String commit) {
        return deployed.stream().filter(p -> p.deployed().commit().equals(commit)).toList();
    }

    List<GraphChanged> graphChangesOf(String commit) {
        return deployed.stream().filter(p -> p.deployed().commit().equals(commit))
                .flatMap(p -> p.graphChanges().stream()).toList();
    }
}

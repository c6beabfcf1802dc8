package io.datasurface.modelservice.deploy;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import io.datasurface.model.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The last step of a deployment, made safe against a crash: the model folder becomes the current version first,
 * with a pending marker holding the events it owes; then the events are published; then the deployment is
 * recorded and the marker cleared. So the model-service always has the model its events announce, and the next
 * diff is computed from it. A marker found later — the process died, or publishing failed without saying
 * whether anything went out — has its events published again (consumers apply a diff once) before anything else
 * is deployed. Only when the publisher knows nothing went out is the folder withdrawn, so the previous version is
 * current again.
 */
final class Publication {
    /** What a pending version owes: its events, and how to record its deployment once they are out. */
    record Pending(String deploymentId, String executionId, String publishStepId, List<Problem> problems,
                   ModelDeployed deployed, List<GraphChanged> graphChanges) {
        Pending {
            problems = List.copyOf(problems);
            graphChanges = List.copyOf(graphChanges);
        }
    }

    private final ModelFolders folders;
    private final ExecutionStore executions;
    private final DeploymentLog log;
    private final EventPublisher events;

    Publication(ModelFolders folders, ExecutionStore executions, DeploymentLog log, EventPublisher events) {
        this.folders = folders;
        this.executions = executions;
        this.log = log;
        this.events = events;
    }

    /**
     * Makes {@code incoming} the current version, publishes its events and records the deployment.
     *
     * @throws DatasurfaceException when the events could not be published (the message says whether the version
     *                              stays current, to be published again before the next deployment)
     */
    Path publish(Path incoming, ModelFolders.Deployed info, Pending pending) {
        Path folder = folders.promotePending(incoming, info, Json.write(pending));
        try {
            events.deployed(pending.deployed(), pending.graphChanges());
        } catch (EventsNotPublished e) {
            ModelFolders.delete(folder); // nobody saw it: the previous version is current again
            throw e;
        } catch (RuntimeException e) {
            throw new DatasurfaceException(e.getMessage() + "; " + info.version() + " stays the current model and its "
                    + "events are published again before the next deployment", true, e);
        }
        finish(folder, pending, false);
        return folder;
    }

    /**
     * Publishes the events of a current version that still owes them (again), and records its deployment.
     *
     * @return the version, when there was one
     * @throws DatasurfaceException when they cannot be published yet
     */
    Optional<String> resume() {
        Optional<Path> current = folders.current();
        Optional<String> marker = current.flatMap(folders::pending);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        Path folder = current.get();
        String version = folder.getFileName().toString();
        Pending pending;
        try {
            pending = Json.read(marker.get(), Pending.class);
        } catch (RuntimeException e) {
            throw new DatasurfaceException("the pending marker of " + version + " cannot be read (" + e.getMessage()
                    + "); remove " + folder + " so the version before it is current again", false, e);
        }
        try {
            events.deployed(pending.deployed(), pending.graphChanges());
        } catch (RuntimeException e) {
            throw new DatasurfaceException("the events of " + version + " (commit " + pending.deployed().commit()
                    + ") are not published yet: " + e.getMessage() + "; nothing else is deployed until they are", true,
                    e);
        }
        finish(folder, pending, true);
        return Optional.of(version);
    }

    private void finish(Path folder, Pending pending, boolean resumed) {
        complete(() -> executions.completeStep(UUID.fromString(pending.publishStepId()),
                OptionalLong.of(pending.graphChanges().size() + 1L)), resumed);
        complete(() -> executions.completeExecution(UUID.fromString(pending.executionId())), resumed);
        log.finish(pending.deploymentId(), DeploymentStatus.DEPLOYED, pending.executionId(),
                folder.getFileName().toString(), pending.problems(), null);
        folders.clearPending(folder);
    }

    /** Completes a step or execution; when resuming, one the previous process completed already is fine. */
    private static void complete(Runnable completion, boolean resumed) {
        try {
            completion.run();
        } catch (DatasurfaceException e) {
            if (!resumed || e.retriable()) {
                throw e;
            }
        }
    }
}

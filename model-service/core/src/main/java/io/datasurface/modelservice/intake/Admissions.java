package io.datasurface.modelservice.intake;

import io.datasurface.modelservice.deploy.DeploymentQueue.Admission;
import io.datasurface.modelservice.deploy.DeploymentRecord;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.DeploymentResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the queue made of a request, as the webhook and the deployments API both answer it. */
final class Admissions {
    static final String QUEUE_KEY = "datasurface.model-service.deployment-queue-size";

    private Admissions() {
    }

    /** The deployment's future when it was queued, now or before. */
    static Optional<CompletableFuture<DeploymentResult>> future(Admission a) {
        if (a instanceof Admission.Queued q) {
            return Optional.of(q.result());
        }
        if (a instanceof Admission.AlreadyQueued q) {
            return Optional.of(q.result());
        }
        return Optional.empty();
    }

    /** The answer that does not wait for the deployment. */
    static Answer answer(Admission a, DeploymentRequest request, String retry) {
        if (a instanceof Admission.Full full) {
            return Answer.busy(full.waiting() + " deployments are waiting and the queue is full (" + QUEUE_KEY + "); "
                    + retry + " after " + full.retryAfter().toSeconds() + " s", full.retryAfter());
        }
        if (a instanceof Admission.AlreadyDone done) {
            DeploymentRecord d = done.deployment();
            return Answer.json(200, Answer.fields("commit", d.commit(), "sourceRepo", d.sourceRepo(),
                    "status", d.status().name(), "duplicate", true, "modelVersion", d.modelVersion(),
                    "message", "this delivery was received before; its deployment is " + d.status().name()));
        }
        boolean again = a instanceof Admission.AlreadyQueued;
        return Answer.json(202, Answer.fields("commit", request.commit(), "sourceRepo", request.sourceRepo(),
                "source", request.source(), "status", "queued", "duplicate", again ? true : null));
    }
}

package io.datasurface.modelservice.deploy;

/** Where a deployment is. FAILED and INTERRUPTED ones are tried again when their commit comes again. */
public enum DeploymentStatus {
    /** Being deployed. */
    RUNNING,
    /** Its model is (or was) the current model. */
    DEPLOYED,
    /** Its model has problems (lint, or a change its repo may not make); the current model stayed. */
    REJECTED,
    /** It could not be finished (the repository or Kafka could not be reached, …). */
    FAILED,
    /** The service stopped while it was running. */
    INTERRUPTED
}

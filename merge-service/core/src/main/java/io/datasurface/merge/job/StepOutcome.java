package io.datasurface.merge.job;

/** What a step of a stream came to, as a job scheduler needs it. */
public enum StepOutcome {
    /** The batch committed (or there was nothing to do): wait for the next trigger. */
    DONE,
    /** The step used its chunk budget: run the next step soon. */
    KEEP_WORKING,
    /** The step failed: see the message; nothing half-done was committed. */
    ERROR
}

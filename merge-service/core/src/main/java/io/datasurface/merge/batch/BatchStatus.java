package io.datasurface.merge.batch;

/** STARTED → INGESTED → COMMITTED, or FAILED (with the error kept) and then started again. */
public enum BatchStatus {
    STARTED,
    INGESTED,
    COMMITTED,
    FAILED
}

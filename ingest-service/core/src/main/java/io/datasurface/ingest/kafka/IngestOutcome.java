package io.datasurface.ingest.kafka;

/** How an ingest step ended: the batch is sealed, more remains to read, or it failed. */
public enum IngestOutcome {
    DONE,
    KEEP_WORKING,
    ERROR
}

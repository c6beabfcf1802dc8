package io.datasurface.model.event;

/** Kafka topic names shared by every service and test. */
public final class Topics {
    /** ModelDeployed and ModelRejected, keyed by commit. */
    public static final String MODELS = "datasurface.models";
    /** GraphChanged, keyed by platform. */
    public static final String GRAPH = "datasurface.graph";
    /** BatchStarted, RowChunk and BatchSealed, keyed by stream. */
    public static final String INGEST = "datasurface.ingest";
    /**
     * The ingest-service's own record of each stream (compacted, keyed by stream): the batch it is on and
     * where reading resumes, written in the same Kafka transaction as the rows it describes.
     */
    public static final String INGEST_STATE = "datasurface.ingest-state";
    /**
     * No records: the ingest-service instances consume it as one consumer group, and each stream belongs to the
     * partition its key hashes to, so the group's assignment of these partitions says which instance runs which
     * stream.
     */
    public static final String INGEST_ASSIGNMENTS = "datasurface.ingest-assignments";
    /** BatchCommitted, keyed by stream. */
    public static final String BATCHES = "datasurface.batches";
    /** StreamTrigger, keyed by stream. */
    public static final String TRIGGERS = "datasurface.triggers";
    /** StreamStatus, keyed by stream (compacted): each stream's scheduler state as the ingest-service last saw it. */
    public static final String STREAM_STATUS = "datasurface.stream-status";
    /** ViewsReconciled, keyed by platform. */
    public static final String VIEWS = "datasurface.views";
    /**
     * Records a service could not read or apply, as they were (same key and value), with headers that say which
     * service, why, and where the record was ({@code datasurface.dlq.*}).
     */
    public static final String DEAD_LETTERS = "datasurface.dead-letters";

    private Topics() {
    }
}

package io.datasurface.model.event;

/** Kafka topic names shared by every service and test. */
public final class Topics {
    /** ModelDeployed and ModelRejected, keyed by commit. */
    public static final String MODELS = "datasurface.models";
    /** GraphChanged, keyed by platform. */
    public static final String GRAPH = "datasurface.graph";
    /** BatchStarted, RowChunk and BatchSealed, keyed by stream. */
    public static final String INGEST = "datasurface.ingest";
    /** BatchCommitted, keyed by stream. */
    public static final String BATCHES = "datasurface.batches";
    /** StreamTrigger, keyed by stream. */
    public static final String TRIGGERS = "datasurface.triggers";
    /** ViewsReconciled, keyed by platform. */
    public static final String VIEWS = "datasurface.views";

    private Topics() {
    }
}

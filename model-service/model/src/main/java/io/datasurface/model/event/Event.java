package io.datasurface.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Optional;

/**
 * Every event of the system. One JSON mapping ({@link Events}) with the type tag in property
 * {@code type}; {@link #key()} is the Kafka record key that keeps related events in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ModelDeployed.class, name = "ModelDeployed"),
    @JsonSubTypes.Type(value = ModelRejected.class, name = "ModelRejected"),
    @JsonSubTypes.Type(value = GraphChanged.class, name = "GraphChanged"),
    @JsonSubTypes.Type(value = BatchStarted.class, name = "BatchStarted"),
    @JsonSubTypes.Type(value = RowChunk.class, name = "RowChunk"),
    @JsonSubTypes.Type(value = BatchSealed.class, name = "BatchSealed"),
    @JsonSubTypes.Type(value = BatchCommitted.class, name = "BatchCommitted"),
    @JsonSubTypes.Type(value = ViewsReconciled.class, name = "ViewsReconciled"),
    @JsonSubTypes.Type(value = StreamTrigger.class, name = "StreamTrigger"),
    @JsonSubTypes.Type(value = StreamStatus.class, name = "StreamStatus")
})
public sealed interface Event permits ModelDeployed, ModelRejected, GraphChanged, BatchStarted, RowChunk,
        BatchSealed, BatchCommitted, ViewsReconciled, StreamTrigger, StreamStatus {

    /** The Kafka record key. */
    String key();

    /**
     * What makes this event unusable although it was read — a missing key, a part it cannot do without — or empty
     * when it is whole. Consumers hand such an event to the dead-letter topic instead of acting on it.
     */
    default Optional<String> malformed() {
        return key() == null || key().isBlank() ? Optional.of(getClass().getSimpleName() + " without its key")
                : Optional.empty();
    }
}

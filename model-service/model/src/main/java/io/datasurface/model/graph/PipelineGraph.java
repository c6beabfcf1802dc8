package io.datasurface.model.graph;

import io.datasurface.model.Milestoning;
import java.util.List;

/**
 * What one platform must run: its ingestion streams and its exports, sorted by key so the JSON form is
 * stable. {@code schema} is the platform's schema in the merge store.
 */
public record PipelineGraph(String platform, String kind, Milestoning milestoning, String schema,
                            ContainerSpec mergeStore, String credential, List<IngestionNode> streams,
                            List<ExportNode> exports) {
    public PipelineGraph {
        streams = List.copyOf(streams);
        exports = List.copyOf(exports);
    }
}

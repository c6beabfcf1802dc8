package io.datasurface.view.reconcile;

import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the reconciler needs of one platform's graph: its merge schema, whether it is forensic, its
 * exports (sorted by key) and the streams that feed them, by key.
 */
public record PlatformViews(String platform, String mergeSchema, boolean forensic, List<ExportNode> exports,
                            Map<String, IngestionNode> streams) {
    public PlatformViews {
        exports = exports.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
        streams = Map.copyOf(streams);
    }

    public static PlatformViews of(PipelineGraph graph) {
        return new PlatformViews(graph.platform(), graph.schema(), graph.milestoning() == Milestoning.FORENSIC,
                graph.exports(), byKey(graph.streams()));
    }

    static Map<String, IngestionNode> byKey(Collection<IngestionNode> streams) {
        return streams.stream().collect(Collectors.toMap(IngestionNode::key, Function.identity(), (a, b) -> b));
    }
}

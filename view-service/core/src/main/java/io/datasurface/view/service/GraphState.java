package io.datasurface.view.service;

import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.view.reconcile.PlatformViews;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each platform's graph as the diffs of {@code datasurface.graph} build it up, from the first one on.
 * Holds only what views need: exports and the streams that feed them.
 */
public final class GraphState {
    private static final class Platform {
        final Map<String, ExportNode> exports = new TreeMap<>();
        final Map<String, IngestionNode> streams = new HashMap<>();
    }

    private final Map<String, Platform> platforms = new TreeMap<>();

    /** Applies one platform's diff. */
    public void apply(GraphDiff diff) {
        Platform p = platforms.computeIfAbsent(diff.platform(), k -> new Platform());
        diff.streamsRemoved().forEach(s -> p.streams.remove(s.key()));
        diff.streamsAdded().forEach(s -> p.streams.put(s.key(), s));
        diff.streamsChanged().forEach(s -> p.streams.put(s.key(), s));
        diff.exportsRemoved().forEach(e -> p.exports.remove(e.key()));
        diff.exportsAdded().forEach(e -> p.exports.put(e.key(), e));
        diff.exportsChanged().forEach(e -> p.exports.put(e.key(), e));
    }

    public Set<String> platforms() {
        return platforms.keySet();
    }

    /**
     * What the reconciler needs for one platform. A platform is forensic when its exports have history
     * views (the graph gives them only there); a platform without exports has nothing to make.
     */
    public Optional<PlatformViews> views(String platform) {
        Platform p = platforms.get(platform);
        if (p == null) {
            return Optional.empty();
        }
        boolean forensic = p.exports.values().stream().anyMatch(e -> e.historyView() != null);
        return Optional.of(new PlatformViews(platform, SqlNames.schema(platform), forensic,
                p.exports.values().stream().toList(), p.streams));
    }
}

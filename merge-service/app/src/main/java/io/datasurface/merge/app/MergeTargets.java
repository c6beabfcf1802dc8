package io.datasurface.merge.app;

import io.datasurface.merge.job.EventMerge;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.naming.SqlNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each stream's batches go, as the diffs of {@code datasurface.graph} build it up: the stream's
 * datasets, its platform's schema, and the platform's milestoning (forensic when its exports have history
 * views, which the graph gives only there).
 */
final class MergeTargets {
    private static final class Platform {
        final Map<String, IngestionNode> streams = new HashMap<>();
        final Map<String, ExportNode> exports = new HashMap<>();
    }

    private final Map<String, Platform> platforms = new HashMap<>();

    void apply(GraphDiff diff) {
        Platform p = platforms.computeIfAbsent(diff.platform(), k -> new Platform());
        diff.streamsRemoved().forEach(s -> p.streams.remove(s.key()));
        diff.streamsAdded().forEach(s -> p.streams.put(s.key(), s));
        diff.streamsChanged().forEach(s -> p.streams.put(s.key(), s));
        diff.exportsRemoved().forEach(e -> p.exports.remove(e.key()));
        diff.exportsAdded().forEach(e -> p.exports.put(e.key(), e));
        diff.exportsChanged().forEach(e -> p.exports.put(e.key(), e));
    }

    /** The target of a stream key ({@code platform/store[/dataset]}), when the graphs know it. */
    Optional<EventMerge.Target> of(String stream) {
        int slash = stream.indexOf('/');
        Platform p = slash < 0 ? null : platforms.get(stream.substring(0, slash));
        IngestionNode node = p == null ? null : p.streams.get(stream);
        if (node == null) {
            return Optional.empty();
        }
        boolean forensic = p.exports.values().stream().anyMatch(e -> e.historyView() != null);
        return Optional.of(new EventMerge.Target(node.platform(), SqlNames.schema(node.platform()),
                forensic ? Milestoning.FORENSIC : Milestoning.LIVE_ONLY, node));
    }

    /** The schemas of every platform with streams. */
    Set<String> schemas() {
        Set<String> out = new TreeSet<>();
        platforms.forEach((name, p) -> {
            if (!p.streams.isEmpty()) {
                out.add(SqlNames.schema(name));
            }
        });
        return out;
    }
}

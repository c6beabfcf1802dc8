package io.datasurface.model.graph;

import io.datasurface.model.Milestoning;
import io.datasurface.model.naming.SqlNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every platform's graph as the diffs of {@code datasurface.graph} build it up, from the first one on: what
 * the services that follow the graph know of it. Not thread-safe: one thread applies and reads.
 */
public final class PlatformGraphs {
    private static final class Platform {
        Milestoning milestoning;
        final Map<String, IngestionNode> streams = new TreeMap<>();
        final Map<String, ExportNode> exports = new TreeMap<>();
        PipelineGraph graph;
    }

    private final Map<String, Platform> platforms = new TreeMap<>();
    private final Map<String, IngestionNode> streams = new HashMap<>();
    private final Set<String> retired = new HashSet<>();

    /** Applies one platform's diff. */
    public void apply(GraphDiff diff) {
        Platform p = platforms.computeIfAbsent(diff.platform(), k -> new Platform());
        diff.streamsRemoved().forEach(s -> {
            p.streams.remove(s.key());
            streams.remove(s.key());
            retired.add(s.key());
        });
        for (List<IngestionNode> put : List.of(diff.streamsAdded(), diff.streamsChanged())) {
            put.forEach(s -> {
                p.streams.put(s.key(), s);
                streams.put(s.key(), s);
                retired.remove(s.key());
            });
        }
        diff.exportsRemoved().forEach(e -> p.exports.remove(e.key()));
        diff.exportsAdded().forEach(e -> p.exports.put(e.key(), e));
        diff.exportsChanged().forEach(e -> p.exports.put(e.key(), e));
        if (diff.milestoning() != null) {
            p.milestoning = diff.milestoning();
        } else if (p.milestoning == null || !p.exports.isEmpty()) {
            // a diff written before diffs carried the milestoning: history views are given only on forensic
            // platforms
            p.milestoning = p.exports.values().stream().anyMatch(e -> e.historyView() != null)
                    ? Milestoning.FORENSIC : Milestoning.LIVE_ONLY;
        }
        p.graph = null;
    }

    /** The platforms some diff named, sorted. */
    public Set<String> platforms() {
        return platforms.keySet();
    }

    /**
     * The platform's graph as far as the diffs tell it: name, milestoning, schema, streams and exports (the
     * kind, merge store and credential are not part of a diff, so they are null).
     */
    public Optional<PipelineGraph> graph(String platform) {
        Platform p = platforms.get(platform);
        if (p == null) {
            return Optional.empty();
        }
        if (p.graph == null) {
            p.graph = new PipelineGraph(platform, null, p.milestoning, SqlNames.schema(platform), null, null,
                    List.copyOf(p.streams.values()), List.copyOf(p.exports.values()));
        }
        return Optional.of(p.graph);
    }

    /** The stream of this key ({@code platform/store[/dataset]}), while some platform's graph has it. */
    public Optional<IngestionNode> stream(String key) {
        return Optional.ofNullable(streams.get(key));
    }

    /** Whether a graph had the stream and a later diff removed it (and none brought it back). */
    public boolean retired(String key) {
        return retired.contains(key);
    }

    /** The platform's milestoning, once a diff of it was applied. */
    public Optional<Milestoning> milestoning(String platform) {
        return Optional.ofNullable(platforms.get(platform)).map(p -> p.milestoning);
    }

    /** The merge-store schemas of the platforms that have streams, sorted. */
    public Set<String> schemasWithStreams() {
        Set<String> out = new TreeSet<>();
        platforms.forEach((name, p) -> {
            if (!p.streams.isEmpty()) {
                out.add(SqlNames.schema(name));
            }
        });
        return out;
    }
}

package io.datasurface.model.graph;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.datasurface.model.Milestoning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What changed in one platform's graph between two model versions. Added and changed entries carry the
 * new node, removed entries the old one (so a consumer can still drop its views or replication slot).
 * {@code milestoning} is the platform's (after the change; before it, for a platform removed), so that a
 * consumer building graphs from diffs knows how the platform keeps history.
 */
public record GraphDiff(String platform, Milestoning milestoning, List<IngestionNode> streamsAdded,
                        List<IngestionNode> streamsRemoved,
                        List<IngestionNode> streamsChanged, List<ExportNode> exportsAdded,
                        List<ExportNode> exportsRemoved, List<ExportNode> exportsChanged) {
    public GraphDiff {
        streamsAdded = List.copyOf(streamsAdded);
        streamsRemoved = List.copyOf(streamsRemoved);
        streamsChanged = List.copyOf(streamsChanged);
        exportsAdded = List.copyOf(exportsAdded);
        exportsRemoved = List.copyOf(exportsRemoved);
        exportsChanged = List.copyOf(exportsChanged);
    }

    /**
     * The diff from {@code before} to {@code after}; either may be null (platform added or removed).
     *
     * @throws IllegalArgumentException when both are null or they are graphs of different platforms
     */
    public static GraphDiff between(PipelineGraph before, PipelineGraph after) {
        if (before == null && after == null) {
            throw new IllegalArgumentException("at least one graph is needed");
        }
        if (before != null && after != null && !before.platform().equals(after.platform())) {
            throw new IllegalArgumentException("graphs of different platforms: " + before.platform() + ", "
                    + after.platform());
        }
        String platform = after != null ? after.platform() : before.platform();
        Milestoning milestoning = after != null ? after.milestoning() : before.milestoning();
        Parts<IngestionNode> s = compare(before == null ? List.of() : before.streams(),
                after == null ? List.of() : after.streams(), IngestionNode::key);
        Parts<ExportNode> e = compare(before == null ? List.of() : before.exports(),
                after == null ? List.of() : after.exports(), ExportNode::key);
        return new GraphDiff(platform, milestoning, s.added, s.removed, s.changed, e.added, e.removed, e.changed);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return streamsAdded.isEmpty() && streamsRemoved.isEmpty() && streamsChanged.isEmpty()
                && exportsAdded.isEmpty() && exportsRemoved.isEmpty() && exportsChanged.isEmpty();
    }

    private record Parts<T>(List<T> added, List<T> removed, List<T> changed) {
    }

    private static <T> Parts<T> compare(List<T> before, List<T> after, Function<T, String> key) {
        Map<String, T> old = new TreeMap<>();
        before.forEach(n -> old.put(key.apply(n), n));
        Map<String, T> now = new TreeMap<>();
        after.forEach(n -> now.put(key.apply(n), n));
        Parts<T> parts = new Parts<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (var entry : now.entrySet()) {
            T was = old.get(entry.getKey());
            if (was == null) {
                parts.added.add(entry.getValue());
            } else if (!Objects.equals(was, entry.getValue())) {
                parts.changed.add(entry.getValue());
            }
        }
        for (var entry : old.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                parts.removed.add(entry.getValue());
            }
        }
        return parts;
    }
}

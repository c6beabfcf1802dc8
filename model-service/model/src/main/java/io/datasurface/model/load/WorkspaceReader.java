package io.datasurface.model.load;

import io.datasurface.model.DatasetGroup;
import io.datasurface.model.Milestoning;
import io.datasurface.model.Sink;
import io.datasurface.model.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a {@code kind: Workspace} document. */
final class WorkspaceReader {
    static final Set<String> KEYS = Set.of("kind", "name", "team", "documentation", "container", "datasetGroups");
    static final Set<String> GROUP_KEYS = Set.of("name", "documentation", "requirements", "sinks");
    static final Set<String> REQUIREMENT_KEYS = Set.of("milestoning");

    private WorkspaceReader() {
    }

    static Workspace read(YamlMap doc) {
        List<DatasetGroup> groups = new ArrayList<>();
        for (Node n : doc.list("datasetGroups")) {
            YamlMap g = YamlMap.open(n, doc.file(), "dataset group", GROUP_KEYS, doc.problems());
            if (g != null) {
                groups.add(group(g));
            }
        }
        String container = doc.string("container");
        return new Workspace(doc.required("name"), doc.required("team"), doc.string("documentation"),
                container == null ? Workspace.PLATFORM_MANAGED : container, groups, doc.atWith("team", "container"));
    }

    private static DatasetGroup group(YamlMap g) {
        YamlMap req = g.map("requirements", "requirements", REQUIREMENT_KEYS);
        Milestoning milestoning = Milestoning.LIVE_ONLY;
        if (req != null && req.has("milestoning")) {
            milestoning = EcosystemReader.milestoning(req, "milestoning");
        }
        List<Sink> sinks = new ArrayList<>();
        for (Node n : g.list("sinks")) {
            if (n instanceof ScalarNode s) {
                String[] parts = s.getValue().split("/", -1);
                if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                    sinks.add(new Sink(parts[0], parts[1], g.at(n)));
                    continue;
                }
            }
            g.problems().error(g.at(n), "invalid-sink", "a sink is written 'store/dataset', e.g. customers/addresses");
        }
        return new DatasetGroup(g.required("name"), milestoning, sinks, g.at());
    }
}

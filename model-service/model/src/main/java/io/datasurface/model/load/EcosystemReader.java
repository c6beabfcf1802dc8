package io.datasurface.model.load;

import io.datasurface.model.ContainerDef;
import io.datasurface.model.Ecosystem;
import io.datasurface.model.Milestoning;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.ZoneDeclaration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an {@code kind: Ecosystem} document. */
final class EcosystemReader {
    static final Set<String> KEYS = Set.of("kind", "name", "repo", "documentation", "zones", "containers", "platforms");
    private static final Set<String> ZONE_KEYS = Set.of("name", "repo", "documentation");
    static final Set<String> CONTAINER_KEYS = Set.of("name", "kind", "host", "port", "database", "url", "documentation");
    private static final Set<String> PLATFORM_KEYS = Set.of("name", "kind", "milestoning", "mergeStore", "credential",
            "documentation");

    private EcosystemReader() {
    }

    static Ecosystem read(YamlMap doc) {
        List<ZoneDeclaration> zones = new ArrayList<>();
        for (Node n : doc.list("zones")) {
            YamlMap z = YamlMap.open(n, doc.file(), "zone declaration", ZONE_KEYS, doc.problems());
            if (z != null) {
                zones.add(new ZoneDeclaration(z.required("name"), z.required("repo"), z.at()));
            }
        }
        List<ContainerDef> containers = new ArrayList<>();
        for (Node n : doc.list("containers")) {
            YamlMap c = YamlMap.open(n, doc.file(), "container", CONTAINER_KEYS, doc.problems());
            if (c != null) {
                containers.add(container(c, c.required("name")));
            }
        }
        List<PlatformDef> platforms = new ArrayList<>();
        for (Node n : doc.list("platforms")) {
            YamlMap p = YamlMap.open(n, doc.file(), "platform", PLATFORM_KEYS, doc.problems());
            if (p != null) {
                platforms.add(new PlatformDef(p.required("name"), p.required("kind"), milestoning(p, "milestoning"),
                        p.required("mergeStore"), p.required("credential"), p.at()));
            }
        }
        return new Ecosystem(doc.required("name"), doc.required("repo"), doc.string("documentation"), zones,
                containers, platforms, doc.at());
    }

    /** A container's address fields; the kind decides which are needed (checked by lint). */
    static ContainerDef container(YamlMap c, String name) {
        return new ContainerDef(name, c.required("kind"), c.string("host"), c.integer("port"), c.string("database"),
                c.string("url"), c.at());
    }

    static Milestoning milestoning(YamlMap map, String key) {
        String text = map.required(key);
        if (text == null) {
            return null;
        }
        return Milestoning.fromYaml(text).orElseGet(() -> {
            map.problems().error(map.at(key), "unknown-milestoning", "unknown milestoning '" + text + "' in "
                    + map.what() + "; use one of: " + String.join(", ",
                    Arrays.stream(Milestoning.values()).map(Milestoning::yaml).toList()));
            return null;
        });
    }
}

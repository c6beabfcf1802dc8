package io.datasurface.model.load;

import io.datasurface.model.ContainerDef;
import io.datasurface.model.CredentialDef;
import io.datasurface.model.Ecosystem;
import io.datasurface.model.Milestoning;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.ZoneDeclaration;
import io.datasurface.model.credential.DatabaseUrl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads an {@code kind: Ecosystem} document. */
final class EcosystemReader {
    static final Set<String> KEYS = Set.of("kind", "name", "repo", "documentation", "zones", "containers", "platforms",
            "credentials");
    static final Set<String> ZONE_KEYS = Set.of("name", "repo", "documentation");
    static final Set<String> CONTAINER_KEYS = Set.of("name", "kind", "host", "port", "database", "url", "documentation");
    static final Set<String> PLATFORM_KEYS = Set.of("name", "kind", "milestoning", "mergeStore", "credential",
            "documentation");
    static final Set<String> CREDENTIAL_KEYS = Set.of("name", "platforms", "zones", "teams", "containers", "hosts",
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
                String name = c.required("name");
                containers.add(container(c, name, "container '" + name + "'"));
            }
        }
        List<PlatformDef> platforms = new ArrayList<>();
        for (Node n : doc.list("platforms")) {
            YamlMap p = YamlMap.open(n, doc.file(), "platform", PLATFORM_KEYS, doc.problems());
            if (p != null) {
                platforms.add(new PlatformDef(p.required("name"), p.required("kind"), milestoning(p, "milestoning"),
                        p.required("mergeStore"), p.required("credential"), p.atWith("mergeStore", "credential")));
            }
        }
        List<CredentialDef> credentials = new ArrayList<>();
        for (Node n : doc.list("credentials")) {
            YamlMap c = YamlMap.open(n, doc.file(), "credential declaration", CREDENTIAL_KEYS, doc.problems());
            if (c != null) {
                credentials.add(new CredentialDef(c.required("name"), c.strings("platforms"), c.strings("zones"),
                        c.strings("teams"), c.strings("containers"), c.strings("hosts"),
                        c.atWith("platforms", "zones", "teams", "containers", "hosts")));
            }
        }
        return new Ecosystem(doc.required("name"), doc.required("repo"), doc.string("documentation"), zones,
                containers, platforms, credentials, doc.at());
    }

    /**
     * A container's address fields. Its kind decides which fields it needs: postgres host, port and
     * database; jdbc a {@code jdbc:} URL. Missing fields are reported here, where a key that is present
     * but malformed (already reported) can be told from one that is absent.
     */
    static ContainerDef container(YamlMap c, String name, String what) {
        ContainerDef def = new ContainerDef(name, c.required("kind"), c.string("host"), c.integer("port"),
                c.string("database"), c.string("url"), c.atWith("host", "port", "database", "url"));
        if (def.kind() == null) {
            return def;
        }
        switch (def.kind()) {
            case ContainerDef.POSTGRES -> {
                List<String> missing = new ArrayList<>();
                for (String key : List.of("host", "port", "database")) {
                    if (!c.has(key)) {
                        missing.add(key);
                    }
                }
                if (!missing.isEmpty()) {
                    c.problems().error(c.at(), "invalid-container", what + " of kind postgres needs host, port and "
                            + "database; missing: " + String.join(", ", missing));
                }
            }
            case ContainerDef.JDBC -> {
                if (!c.has("url")) {
                    c.problems().error(c.at(), "invalid-container", what + " of kind jdbc needs 'url: jdbc:…'");
                } else if (def.url() != null && !def.url().startsWith("jdbc:")) {
                    c.problems().error(c.at("url"), "invalid-container", what + " of kind jdbc needs 'url: jdbc:…', "
                            + "not '" + DatabaseUrl.redact(def.url()) + "'");
                }
            }
            default -> c.problems().error(c.at("kind"), "invalid-container", what + " has unknown kind '" + def.kind()
                    + "'; use postgres (host, port, database) or jdbc (url)");
        }
        return def;
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

package io.datasurface.model.load;

import io.datasurface.model.GovernanceZone;
import io.datasurface.model.TeamDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code kind: GovernanceZone} document. */
final class ZoneReader {
    static final Set<String> KEYS = Set.of("kind", "name", "documentation", "teams");
    static final Set<String> TEAM_KEYS = Set.of("name", "repo", "documentation");

    private ZoneReader() {
    }

    static GovernanceZone read(YamlMap doc) {
        List<TeamDeclaration> teams = new ArrayList<>();
        for (Node n : doc.list("teams")) {
            YamlMap t = YamlMap.open(n, doc.file(), "team declaration", TEAM_KEYS, doc.problems());
            if (t != null) {
                teams.add(new TeamDeclaration(t.required("name"), t.required("repo"), t.at()));
            }
        }
        return new GovernanceZone(doc.required("name"), doc.string("documentation"), teams, doc.at());
    }
}

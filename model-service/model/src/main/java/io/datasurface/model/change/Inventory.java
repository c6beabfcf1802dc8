package io.datasurface.model.change;

import com.fasterxml.jackson.annotation.JsonIgnoreType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datasurface.model.ContainerDef;
import io.datasurface.model.CredentialDef;
import io.datasurface.model.Datastore;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.GovernanceZone;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.TeamDeclaration;
import io.datasurface.model.Workspace;
import io.datasurface.model.ZoneDeclaration;
import io.datasurface.model.problem.Location;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every ownable object of a model version by identity, with its owner: the ecosystem repo owns the
 * Ecosystem document's own fields, zone declarations, containers, platforms, credential declarations
 * (who may use each credential, and where) and the mapping file; a
 * zone's repo owns its GovernanceZone document and team declarations; a team's repo owns the
 * datastores and workspaces of that team.
 */
final class Inventory {
    @JsonIgnoreType
    private interface NoLocations {
    }

    /** Content is compared as JSON without locations, so moving text around is not a change. */
    private static final ObjectMapper CONTENT = JsonMapper.builder()
            .addMixIn(Location.class, NoLocations.class)
            .findAndAddModules()
            .build();

    private Inventory() {
    }

    static Map<String, Owned> of(Model m) {
        Map<String, Owned> out = new LinkedHashMap<>();
        String ecoRepo = m.ecosystem().map(e -> e.repo()).orElse(null);
        String ecoWhy = "the ecosystem";
        m.ecosystem().ifPresent(eco -> {
            put(out, "ecosystem", "the Ecosystem document", new Object[] {eco.name(), eco.repo(), eco.documentation()},
                    ecoRepo, ecoWhy, eco.at());
            for (ZoneDeclaration z : eco.zones()) {
                put(out, "zone-decl:" + z.name(), "zone declaration '" + z.name() + "'", z, ecoRepo, ecoWhy, z.at());
            }
            for (ContainerDef c : eco.containers()) {
                put(out, "container:" + c.name(), "container '" + c.name() + "'", c, ecoRepo, ecoWhy, c.at());
            }
            for (PlatformDef p : eco.platforms()) {
                put(out, "platform:" + p.name(), "platform '" + p.name() + "'", p, ecoRepo, ecoWhy, p.at());
            }
            for (CredentialDef c : eco.credentials()) {
                put(out, "credential:" + c.name(), "credential declaration '" + c.name() + "'", c, ecoRepo, ecoWhy,
                        c.at());
            }
        });
        for (DsgMapping e : m.mappings()) {
            put(out, "mapping:" + e.workspace() + "/" + e.dsg(), "platform mapping of '" + e.workspace() + "/"
                    + e.dsg() + "'", e, ecoRepo, ecoWhy, e.at());
        }
        for (GovernanceZone z : m.zones()) {
            String repo = m.zoneDeclaration(z.name()).map(d -> d.repo()).orElse(null);
            String why = "zone '" + z.name() + "'";
            put(out, "zone:" + z.name(), "GovernanceZone '" + z.name() + "'",
                    new Object[] {z.name(), z.documentation()}, repo, why, z.at());
            for (TeamDeclaration t : z.teams()) {
                put(out, "team-decl:" + t.name(), "team declaration '" + t.name() + "'", t, repo, why, t.at());
            }
        }
        for (Datastore d : m.datastores()) {
            put(out, "datastore:" + d.name(), "datastore '" + d.name() + "'", d, teamRepo(m, d.team()),
                    "team '" + d.team() + "'", d.at());
        }
        for (Workspace w : m.workspaces()) {
            put(out, "workspace:" + w.name(), "workspace '" + w.name() + "'", w, teamRepo(m, w.team()),
                    "team '" + w.team() + "'", w.at());
        }
        return out;
    }

    private static String teamRepo(Model m, String team) {
        return team == null ? null : m.teamDeclaration(team).map(TeamDeclaration::repo).orElse(null);
    }

    private static void put(Map<String, Owned> out, String id, String what, Object content, String owner,
                            String ownerWhy, Location at) {
        out.putIfAbsent(id, new Owned(what, content(content), owner, ownerWhy, at));
    }

    private static String content(Object o) {
        try {
            return CONTENT.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot compare model content", e);
        }
    }
}

package io.datasurface.model.lint;

import io.datasurface.model.Datastore;
import io.datasurface.model.GovernanceZone;
import io.datasurface.model.Model;
import io.datasurface.model.Workspace;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.util.List;

/** Every object is declared by its owner: zones by the ecosystem, teams by a zone. */
final class OwnerRules {
    private OwnerRules() {
    }

    static void check(Model m, Problems p) {
        if (m.ecosystem().isPresent()) {
            List<String> declaredZones = m.ecosystem().get().zones().stream().map(z -> z.name()).toList();
            for (GovernanceZone zone : m.zones()) {
                if (zone.name() != null && m.zoneDeclaration(zone.name()).isEmpty()) {
                    p.error(zone.at(), "undeclared-zone", "zone '" + zone.name() + "' is not declared by the ecosystem"
                            + Suggest.didYouMean(zone.name(), declaredZones) + "; add it under 'zones:' in the "
                            + "Ecosystem document with the repo that owns it");
                }
            }
        }
        List<String> teams = m.zones().stream().flatMap(z -> z.teams().stream()).map(t -> t.name()).toList();
        for (Datastore store : m.datastores()) {
            team(p, teams, m, "datastore '" + store.name() + "'", store.team(), store.at().of("team"));
        }
        for (Workspace ws : m.workspaces()) {
            team(p, teams, m, "workspace '" + ws.name() + "'", ws.team(), ws.at().of("team"));
        }
    }

    private static void team(Problems p, List<String> teams, Model m, String what, String team, Location at) {
        if (team != null && m.teamDeclaration(team).isEmpty()) {
            p.error(at, "undeclared-team", what + " belongs to team '" + team + "', which no zone declares"
                    + Suggest.didYouMean(team, teams) + "; declare the team under 'teams:' of its GovernanceZone");
        }
    }
}

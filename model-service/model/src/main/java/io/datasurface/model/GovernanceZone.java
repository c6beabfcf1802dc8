package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;

/** A governance zone's own document: the teams it declares. Owned by the zone's repository. */
public record GovernanceZone(String name, String documentation, List<TeamDeclaration> teams, Location at) {
    public GovernanceZone {
        teams = List.copyOf(teams);
    }
}

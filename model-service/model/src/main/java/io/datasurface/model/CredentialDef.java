package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;

/**
 * A credential the ecosystem declares, and where it may be used. Who: the merge store logins of
 * {@code platforms}, and the sources of datastores whose team is one of {@code teams} or belongs to one
 * of {@code zones}. Against what: the ecosystem containers {@code containers}, and databases whose host
 * is one of {@code hosts}. A use must satisfy both. Owned by the ecosystem repo, like containers.
 */
public record CredentialDef(String name, List<String> platforms, List<String> zones, List<String> teams,
                            List<String> containers, List<String> hosts, Location at) {
    public CredentialDef {
        platforms = List.copyOf(platforms);
        zones = List.copyOf(zones);
        teams = List.copyOf(teams);
        containers = List.copyOf(containers);
        hosts = List.copyOf(hosts);
    }
}

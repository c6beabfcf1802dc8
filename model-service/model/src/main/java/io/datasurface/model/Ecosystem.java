package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;

/**
 * The root of the model, owned by the ecosystem repository: zones, containers, platforms and the
 * credentials the model may name, each with where it may be used.
 */
public record Ecosystem(String name, String repo, String documentation, List<ZoneDeclaration> zones,
                        List<ContainerDef> containers, List<PlatformDef> platforms, List<CredentialDef> credentials,
                        Location at) {
    public Ecosystem {
        zones = List.copyOf(zones);
        containers = List.copyOf(containers);
        platforms = List.copyOf(platforms);
        credentials = List.copyOf(credentials);
    }
}

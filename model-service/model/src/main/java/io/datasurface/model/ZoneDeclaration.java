package io.datasurface.model;

import io.datasurface.model.problem.Location;

/** A governance zone declared by the ecosystem, with the repository allowed to define it. */
public record ZoneDeclaration(String name, String repo, Location at) {
}

package io.datasurface.model;

import io.datasurface.model.problem.Location;

/** A team declared by a governance zone, with the repository allowed to define its objects. */
public record TeamDeclaration(String name, String repo, Location at) {
}

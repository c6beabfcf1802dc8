package io.datasurface.model;

import io.datasurface.model.problem.Location;

/** One platform's assignment to a dataset group, with its lifecycle status (null when misspelled). */
public record Assignment(String dataPlatform, AssignmentStatus status, Location at) {
}

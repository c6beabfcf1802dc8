package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;

/** An entry of {@code dsg_platform_mapping.json}: which platforms serve a workspace's dataset group. */
public record DsgMapping(String workspace, String dsg, List<Assignment> assignments, Location at) {
    public DsgMapping {
        assignments = List.copyOf(assignments);
    }
}

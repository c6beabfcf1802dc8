package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;
import java.util.Optional;

/**
 * A consumer: dataset groups and the container its views live in ({@code platform-managed}: the
 * assigned platform's merge store). Owned by its team.
 */
public record Workspace(String name, String team, String documentation, String container,
                        List<DatasetGroup> groups, Location at) {
    public static final String PLATFORM_MANAGED = "platform-managed";

    public Workspace {
        groups = List.copyOf(groups);
    }

    public Optional<DatasetGroup> group(String groupName) {
        return groups.stream().filter(g -> groupName != null && groupName.equals(g.name())).findFirst();
    }
}

package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;

/** A workspace's group of sinks with one milestoning requirement (null when misspelled). */
public record DatasetGroup(String name, Milestoning milestoning, List<Sink> sinks, Location at) {
    public DatasetGroup {
        sinks = List.copyOf(sinks);
    }
}

package io.datasurface.model;

import io.datasurface.model.problem.Location;

/** A dataset a dataset group consumes, written {@code store/dataset}. */
public record Sink(String store, String dataset, Location at) {
    @Override
    public String toString() {
        return store + "/" + dataset;
    }
}

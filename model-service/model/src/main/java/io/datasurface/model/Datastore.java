package io.datasurface.model;

import io.datasurface.model.problem.Location;
import java.util.List;
import java.util.Optional;

/** A producer's source database: its datasets and how they are captured. Owned by its team. */
public record Datastore(String name, String team, String documentation, boolean production, Capture capture,
                        List<Dataset> datasets, Location at) {
    public Datastore {
        datasets = List.copyOf(datasets);
    }

    public Optional<Dataset> dataset(String datasetName) {
        return datasets.stream().filter(d -> datasetName != null && datasetName.equals(d.name())).findFirst();
    }
}

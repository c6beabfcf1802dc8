package io.datasurface.model;

import java.util.Arrays;
import java.util.Optional;

/** Whether a datastore's datasets are ingested together (one stream) or one stream per dataset. */
public enum Consistency {
    SINGLE_DATASET("single-dataset"),
    MULTI_DATASET("multi-dataset");

    private final String yaml;

    Consistency(String yaml) {
        this.yaml = yaml;
    }

    public String yaml() {
        return yaml;
    }

    public static Optional<Consistency> fromYaml(String text) {
        return Arrays.stream(values()).filter(m -> m.yaml.equals(text)).findFirst();
    }
}

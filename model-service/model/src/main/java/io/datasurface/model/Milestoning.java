package io.datasurface.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How a platform keeps history, and what a dataset group requires. */
public enum Milestoning {
    /** Current state only. */
    LIVE_ONLY("live-only"),
    /** Every version, milestoned by batch in and batch out. */
    FORENSIC("forensic");

    private final String yaml;

    Milestoning(String yaml) {
        this.yaml = yaml;
    }

    /** The model's spelling, also the JSON form in graphs and events. */
    @JsonValue
    public String yaml() {
        return yaml;
    }

    /** Whether a platform with this milestoning can serve a group that requires {@code required}. */
    public boolean satisfies(Milestoning required) {
        return this == FORENSIC || required == LIVE_ONLY;
    }

    public static Optional<Milestoning> fromYaml(String text) {
        return Arrays.stream(values()).filter(m -> m.yaml.equals(text)).findFirst();
    }

    @JsonCreator
    static Milestoning fromJson(String text) {
        return fromYaml(text).orElseThrow(() -> new IllegalArgumentException("unknown milestoning '" + text + "'"));
    }
}

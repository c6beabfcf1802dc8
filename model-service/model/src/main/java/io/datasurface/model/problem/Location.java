package io.datasurface.model.problem;

import java.util.Map;

/**
 * Where a model object was written: file relative to the model root (forward slashes) and 1-based
 * line (0 for a whole file). {@code keys} holds the lines of some of the object's keys, so a problem
 * with one value can point at that value's line ({@link #of(String)}).
 */
public record Location(String file, int line, Map<String, Integer> keys) {
    public Location {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    public Location(String file, int line) {
        this(file, line, Map.of());
    }

    public static Location ofFile(String file) {
        return new Location(file, 0);
    }

    /** The line of key {@code key} of this object when it was recorded, else this object's line. */
    public Location of(String key) {
        Integer keyLine = keys.get(key);
        return keyLine == null ? this : new Location(file, keyLine);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}

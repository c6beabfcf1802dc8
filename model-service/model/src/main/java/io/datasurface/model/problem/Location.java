package io.datasurface.model.problem;

/**
 * Where a model object was written: file relative to the model root (forward slashes) and 1-based
 * line (0 for a whole file).
 */
public record Location(String file, int line) {
    public static Location ofFile(String file) {
        return new Location(file, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}

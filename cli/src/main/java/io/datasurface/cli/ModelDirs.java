package io.datasurface.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of folder arguments, with messages that say what to pass. */
final class ModelDirs {
    private ModelDirs() {
    }

    static void requireFolder(Path dir, String option) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " does not exist; pass the folder that holds the "
                    + "model's YAML files");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file; pass the folder that holds the model's "
                    + "YAML files");
        }
    }
}

package io.datasurface.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system helpers for data directories. */
final class Directories {

    private Directories() {
    }

    static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not create a temporary directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                    + ". Free some disk space or set -Djava.io.tmpdir to a writable directory.", e);
        }
    }

    static Path createIfMissing(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not create data directory " + dir + ": " + e.getMessage()
                    + ". Choose a writable directory.", e);
        }
    }

    /** Deletes a directory tree; best effort, failures are ignored. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(Directories::deleteOne);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary directory is harmless
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }
}

package io.datasurface.executions;

import java.util.Objects;
import java.util.Optional;

/**
 * One model of a step: its name (a file name without its extension), the lower-case hex SHA-256 of
 * its bytes, and the file it came from, relative to the step's base path, when it came from one.
 */
public record ModelChecksum(String name, String checksum, Optional<String> source) {
    public ModelChecksum {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(source, "source");
    }
}

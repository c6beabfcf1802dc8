package io.datasurface.executions;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Creates and upgrades the executions schema with Flyway; the history table lives in that schema
 * too. The scripts are listed in {@link #SCRIPTS} and read as class path resources (no class path
 * scanning, which some class loaders do not support). Processes that migrate at the same time wait
 * for each other on an advisory lock, so a concurrent first use does not fail.
 */
final class Migrations {
    static final String SCHEMA = "datasurface_executions";
    static final String HISTORY_TABLE = "flyway_schema_history";
    static final String LOCATION = "io/datasurface/executions/db/";
    /** Every migration script, oldest first; a test checks this list against {@link #LOCATION}. */
    static final List<String> SCRIPTS = List.of("V1__executions.sql");

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private final DataSource dataSource;
    private final ExecutionsDialect sql;

    Migrations(DataSource dataSource, ExecutionsDialect sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    /**
     * Applies the missing migrations, if any: a quick look at the history table first, Flyway only when
     * needed. Of processes arriving together at a new database, one migrates while the others wait on
     * the lock and then find the schema current (Flyway alone copes too, but retries its own lock with
     * one-second sleeps).
     */
    void ensureCurrent(Connection c) throws SQLException {
        if (isCurrent(c)) {
            return;
        }
        locked(c, () -> isCurrent(c) ? null : runFlyway());
    }

    /**
     * Runs Flyway: creates the schema on first use, applies missing migrations, validates applied ones.
     *
     * @param c a connection of the same database, held for the lock
     * @return the schema version after migrating
     */
    String migrate(Connection c) throws SQLException {
        return locked(c, this::runFlyway);
    }

    private interface Locked<T> {
        T run() throws SQLException;
    }

    /** Runs the work holding the session-level migration lock (released also if the process dies). */
    private <T> T locked(Connection c, Locked<T> work) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(sql.lockMigrations())) {
            lock.setString(1, SCHEMA);
            lock.execute();
        }
        try {
            return work.run();
        } finally {
            try (PreparedStatement unlock = c.prepareStatement(sql.unlockMigrations())) {
                unlock.setString(1, SCHEMA);
                unlock.execute();
            }
        }
    }

    private String runFlyway() {
        try {
            MigrateResult result = flyway().migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion;
            LOG.log(System.Logger.Level.INFO, "schema {0}: {1} migration(s) applied, now at version {2}",
                    SCHEMA, result.migrationsExecuted, version);
            return version;
        } catch (FlywayException e) {
            throw new DatasurfaceException("cannot migrate the executions schema " + SCHEMA + ": " + e.getMessage(),
                    false, e);
        }
    }

    private boolean isCurrent(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(sql.tableExists())) {
            exists.setString(1, sql.quote(SCHEMA) + "." + sql.quote(HISTORY_TABLE));
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        Set<String> applied = new HashSet<>();
        try (PreparedStatement versions = c.prepareStatement(sql.appliedVersions(HISTORY_TABLE));
             ResultSet rs = versions.executeQuery()) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        return applied.containsAll(SCRIPTS.stream().map(Migrations::version).toList());
    }

    /** {@code V1_2__name.sql} → {@code 1.2}, as Flyway records it. */
    static String version(String script) {
        return script.substring(1, script.indexOf("__")).replace('_', '.');
    }

    private Flyway flyway() {
        // an instance, not a class name: Flyway would load a named logger through the system class loader,
        // which under Quarkus is not the loader of Flyway itself
        LogFactory.setLogCreator(new FlywayLogs());
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .table(HISTORY_TABLE)
                .createSchemas(true)
                .resourceProvider(new Scripts())
                .javaMigrationClassProvider(List::of)
                .load();
    }

    /** The scripts of {@link #SCRIPTS} as Flyway resources. */
    private static final class Scripts implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            String file = name.startsWith(LOCATION) ? name.substring(LOCATION.length()) : name;
            return SCRIPTS.contains(file) ? new Script(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return SCRIPTS.stream()
                    .filter(s -> s.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s::endsWith))
                    .<LoadableResource>map(Script::new)
                    .toList();
        }
    }

    private static final class Script extends LoadableResource {
        private final String file;

        Script(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            InputStream in = Migrations.class.getClassLoader().getResourceAsStream(LOCATION + file);
            if (in == null) {
                throw new FlywayException("migration " + LOCATION + file + " is missing from the class path");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return LOCATION + file;
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}

package io.datasurface.migrations;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * A schema a service owns, created and upgraded by Flyway from scripts listed in code; Flyway's history
 * table ({@value #HISTORY_TABLE}) lives in the schema itself. One of these serves the executions schema,
 * the model-service's deployments schema and each platform schema of the merge store.
 *
 * <p>{@link #ensureCurrent} looks at the history table first and runs Flyway only when a listed script is
 * not applied. Processes that arrive together at a new schema take turns on a PostgreSQL advisory lock
 * (session level, so a process that dies releases it): the first migrates, the others find the schema
 * current. Flyway runs on the caller's connection, in the session holding that lock.
 *
 * <p>A schema made before it was migrated (its tables created by {@code CREATE TABLE IF NOT EXISTS}, no
 * history table) is taken over when {@link #adoptingExisting()} says so: Flyway records a baseline at
 * version 0 and then applies every script, so V1 must create only what is missing ({@code IF NOT EXISTS},
 * with exactly the DDL the earlier release used). Rows are never touched.
 */
public final class SchemaMigrations {
    public static final String HISTORY_TABLE = "flyway_schema_history";
    /** The version a schema made before migrations is recorded at: below every script. */
    public static final String ADOPTED_VERSION = "0";
    private static final Pattern SCRIPT = Pattern.compile("V\\d+(_\\d+)*__[a-z0-9_]+\\.sql");
    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());

    private final String schema;
    private final ClassLoader loader;
    private final String location;
    private final List<String> scripts;
    private final boolean adopt;

    private SchemaMigrations(String schema, ClassLoader loader, String location, List<String> scripts, boolean adopt) {
        this.schema = schema;
        this.loader = loader;
        this.location = location;
        this.scripts = List.copyOf(scripts);
        this.adopt = adopt;
    }

    /**
     * @param loader   the class loader that holds the scripts (the owner's own)
     * @param location the scripts' class path folder, ending in {@code /}
     * @param scripts  every script, oldest first, named {@code V<version>__<name>.sql}
     * @throws IllegalArgumentException when a script is misnamed or the list is out of order
     */
    public static SchemaMigrations of(String schema, ClassLoader loader, String location, List<String> scripts) {
        for (int i = 0; i < scripts.size(); i++) {
            if (!SCRIPT.matcher(scripts.get(i)).matches()) {
                throw new IllegalArgumentException("migration " + scripts.get(i) + " is not named V<version>__<name>.sql");
            }
            if (i > 0 && compareVersions(version(scripts.get(i - 1)), version(scripts.get(i))) >= 0) {
                throw new IllegalArgumentException("migrations out of order: " + scripts.get(i - 1) + " before "
                        + scripts.get(i));
            }
        }
        if (!location.endsWith("/")) {
            throw new IllegalArgumentException("a script folder ends in /: " + location);
        }
        return new SchemaMigrations(schema, loader, location, scripts, false);
    }

    /** The same migrations, also taking over a schema that holds tables but no history table (see above). */
    public SchemaMigrations adoptingExisting() {
        return new SchemaMigrations(schema, loader, location, scripts, true);
    }

    public String schema() {
        return schema;
    }

    /**
     * Applies the missing migrations, if any. Call it between transactions: it works in auto-commit
     * (committing anything open) and gives the connection back in the auto-commit mode it had.
     *
     * @throws DatasurfaceException when Flyway fails (retriable when the database's error is)
     */
    public void ensureCurrent(Connection c) throws SQLException {
        autoCommitted(c, () -> {
            if (!isCurrent(c)) {
                locked(c, () -> isCurrent(c) ? null : runFlyway(c));
            }
            return null;
        });
    }

    /**
     * Runs Flyway even when the schema looks current: creates the schema when missing, applies missing
     * migrations and validates the applied ones.
     *
     * @return the schema's version afterwards
     */
    public String migrate(Connection c) throws SQLException {
        return autoCommitted(c, () -> locked(c, () -> runFlyway(c)));
    }

    /** {@code V1_2__name.sql} → {@code 1.2}, as Flyway records it. */
    public static String version(String script) {
        return script.substring(1, script.indexOf("__")).replace('_', '.');
    }

    private static int compareVersions(String a, String b) {
        return Arrays.compare(Arrays.stream(a.split("\\.")).mapToLong(Long::parseLong).toArray(),
                Arrays.stream(b.split("\\.")).mapToLong(Long::parseLong).toArray());
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T autoCommitted(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            return work.run();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Runs the work holding the schema's session-level migration lock. */
    private <T> T locked(Connection c, Work<T> work) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(PostgresMigrationSql.lock())) {
            lock.setString(1, schema);
            lock.execute();
        }
        try {
            return work.run();
        } finally {
            try (PreparedStatement unlock = c.prepareStatement(PostgresMigrationSql.unlock())) {
                unlock.setString(1, schema);
                unlock.execute();
            }
        }
    }

    private boolean isCurrent(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(PostgresMigrationSql.tableExists())) {
            exists.setString(1, PostgresMigrationSql.quote(schema) + "." + PostgresMigrationSql.quote(HISTORY_TABLE));
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        Set<String> applied = new HashSet<>();
        try (PreparedStatement versions = c.prepareStatement(PostgresMigrationSql.appliedVersions(schema, HISTORY_TABLE));
             ResultSet rs = versions.executeQuery()) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        return applied.containsAll(scripts.stream().map(SchemaMigrations::version).toList());
    }

    private String runFlyway(Connection c) {
        try {
            MigrateResult result = flyway(c).migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion;
            LOG.log(System.Logger.Level.INFO, "schema {0}: {1} migration(s) applied, now at version {2}",
                    schema, result.migrationsExecuted, version);
            return version;
        } catch (FlywayException e) {
            SQLException sql = sqlCause(e);
            throw new DatasurfaceException("cannot migrate schema " + schema + ": "
                    + (sql != null ? SqlFaults.message(sql) : e.getMessage()), sql != null && SqlFaults.retriable(sql), e);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private Flyway flyway(Connection c) {
        // an instance, not a class name: Flyway would load a named logger through the system class loader,
        // which under Quarkus is not the loader of Flyway itself
        LogFactory.setLogCreator(new FlywayLogs());
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                // one connection (the caller's): Flyway's PostgreSQL lock is then session-level, not transactional
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .dataSource(new OneConnection(c))
                .schemas(schema)
                .table(HISTORY_TABLE)
                .createSchemas(true)
                .baselineOnMigrate(adopt)
                .baselineVersion(ADOPTED_VERSION)
                .baselineDescription("adopted: made before its migrations")
                .resourceProvider(new ListedScripts(loader, location, scripts))
                .javaMigrationClassProvider(List::of)
                .load();
    }
}

package io.datasurface.migrations;

/** The SQL of {@link SchemaMigrations} around Flyway, for PostgreSQL. */
final class PostgresMigrationSql {
    /**
     * First key of the two-key advisory lock that serialises migrations of one schema ("DSEX", as the
     * executions schema has always used; the second key is the hash of the schema name). Flyway's own
     * locks use the one-key form.
     */
    private static final int LOCK_SPACE = 0x44534558;

    private PostgresMigrationSql() {
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Waits for the session lock of a schema's migrations; bind the schema name. */
    static String lock() {
        return "SELECT pg_advisory_lock(" + LOCK_SPACE + ", hashtext(?))";
    }

    static String unlock() {
        return "SELECT pg_advisory_unlock(" + LOCK_SPACE + ", hashtext(?))";
    }

    /** Whether a table exists; bind its quoted, qualified name. */
    static String tableExists() {
        return "SELECT to_regclass(?) IS NOT NULL";
    }

    /** The versions a history table records as applied successfully. */
    static String appliedVersions(String schema, String historyTable) {
        return "SELECT version FROM " + quote(schema) + "." + quote(historyTable)
                + " WHERE success AND version IS NOT NULL";
    }
}

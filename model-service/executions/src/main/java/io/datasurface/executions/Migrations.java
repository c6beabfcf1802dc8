package io.datasurface.executions;

import io.datasurface.migrations.SchemaMigrations;
import java.util.List;

/**
 * The executions schema's migrations: scripts in {@link #LOCATION}, listed in {@link #SCRIPTS}, applied by
 * {@link SchemaMigrations} (Flyway, history table in the schema itself).
 */
final class Migrations {
    static final String SCHEMA = "datasurface_executions";
    static final String LOCATION = "io/datasurface/executions/db/";
    /** Every migration script, oldest first; a test checks this list against {@link #LOCATION}. */
    static final List<String> SCRIPTS = List.of("V1__executions.sql");

    private Migrations() {
    }

    static SchemaMigrations schema() {
        return SchemaMigrations.of(SCHEMA, Migrations.class.getClassLoader(), LOCATION, SCRIPTS);
    }
}

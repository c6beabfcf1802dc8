package io.datasurface.merge.sql;

import io.datasurface.migrations.SchemaMigrations;
import java.util.List;

/**
 * The migrations of a platform schema's own tables ({@code batches}, {@code offsets}) for PostgreSQL: the
 * scripts in {@link #LOCATION}, run in the platform's schema, which they create on first use.
 */
final class PostgresPlatformSchema {
    static final String LOCATION = "io/datasurface/merge/db/platform/";
    /** Every migration script, oldest first; a test checks this list against {@link #LOCATION}. */
    static final List<String> SCRIPTS = List.of("V1__batches_and_offsets.sql");

    private PostgresPlatformSchema() {
    }

    /** A schema made by a release before migrations (CREATE TABLE IF NOT EXISTS) is adopted with its rows. */
    static SchemaMigrations of(String schema) {
        return SchemaMigrations.of(schema, PostgresPlatformSchema.class.getClassLoader(), LOCATION, SCRIPTS)
                .adoptingExisting();
    }
}

package io.datasurface.modelservice.deploy;

import io.datasurface.migrations.SchemaMigrations;
import java.util.List;

/** The model-service's schema ({@value #SCHEMA}): its deployments table, made and upgraded by Flyway. */
final class DeploymentSchema {
    static final String SCHEMA = "datasurface_model";
    static final String LOCATION = "io/datasurface/modelservice/deploy/db/";
    /** Every migration script, oldest first; a test checks this list against {@link #LOCATION}. */
    static final List<String> SCRIPTS = List.of("V1__deployments.sql");

    private DeploymentSchema() {
    }

    /** A schema made by a release before migrations (CREATE TABLE IF NOT EXISTS) is adopted with its rows. */
    static SchemaMigrations migrations() {
        return SchemaMigrations.of(SCHEMA, DeploymentSchema.class.getClassLoader(), LOCATION, SCRIPTS).adoptingExisting();
    }
}

package io.datasurface.modelservice.deploy;

/** The SQL of the deployments table, for PostgreSQL; its DDL is in the migrations ({@link DeploymentSchema}). */
final class DeploymentSql {
    /** Made by the schema's migrations ({@link DeploymentSchema}). */
    static final String TABLE = DeploymentSchema.SCHEMA + ".deployments";
    static final String INTERRUPT_RUNNING = "UPDATE " + TABLE + " SET status = 'INTERRUPTED', finished_at = now() "
            + "WHERE status = 'RUNNING'";
    /** Inserts a new deployment, or takes over one that failed or was interrupted; returns the id when it did. */
    static final String BEGIN = begin("d.status IN ('FAILED', 'INTERRUPTED')");
    /** As {@link #BEGIN}, also over a deployed or rejected one (a rollback an operator allowed). */
    static final String BEGIN_AGAIN = begin("d.status <> 'RUNNING'");
    static final String FINISH = "UPDATE " + TABLE + " SET status = ?, execution_id = ?, model_version = ?, "
            + "problems = ?::jsonb, error = ?, finished_at = now() WHERE id = ?";
    private static final String COLUMNS = "id::text, commit, source_repo, source, status, execution_id::text, "
            + "model_version, problems::text, error, requested_at, finished_at";
    static final String RECENT = "SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY requested_at DESC LIMIT ?";
    static final String BY_COMMIT = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE commit = ? AND source_repo = ?";

    private DeploymentSql() {
    }

    private static String begin(String takesOver) {
        return "INSERT INTO " + TABLE + " AS d (id, commit, source_repo, source, status, requested_at) "
                + "VALUES (?, ?, ?, ?, 'RUNNING', now()) ON CONFLICT (commit, source_repo) DO UPDATE SET "
                + "status = 'RUNNING', source = excluded.source, requested_at = now(), finished_at = NULL, "
                + "execution_id = NULL, model_version = NULL, problems = '[]', error = NULL WHERE " + takesOver
                + " RETURNING d.id::text";
    }
}

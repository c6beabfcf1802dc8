package io.datasurface.executions;

/** The execution store's SQL for PostgreSQL (11 and later), in the schema {@value Migrations#SCHEMA}. */
final class PostgresExecutionsDialect implements ExecutionsDialect {
    private final String execution;
    private final String step;
    private final String checksum;

    PostgresExecutionsDialect(String schema) {
        String s = quote(schema) + ".";
        this.execution = s + "execution";
        this.step = s + "execution_step";
        this.checksum = s + "model_checksum";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String insertExecution() {
        return "INSERT INTO " + execution + " (execution_id) VALUES (?)";
    }

    @Override
    public String lockExecution() {
        return executionCompletedAt() + " FOR UPDATE";
    }

    @Override
    public String executionCompletedAt() {
        return "SELECT completed_at FROM " + execution + " WHERE execution_id = ?";
    }

    @Override
    public String lastCompletedExecution() {
        return "SELECT execution_id FROM " + execution + " WHERE completed_at IS NOT NULL"
                + " ORDER BY completed_at DESC, created_at DESC LIMIT 1";
    }

    @Override
    public String completeExecution() {
        return "UPDATE " + execution + " SET completed_at = clock_timestamp(), updated_at = clock_timestamp()"
                + " WHERE execution_id = ?";
    }

    @Override
    public String incompleteSteps() {
        return "SELECT step_name FROM " + step + " WHERE execution_id = ? AND completed_at IS NULL ORDER BY step_name";
    }

    @Override
    public String stepByName() {
        return "SELECT step_id FROM " + step + " WHERE execution_id = ? AND step_name = ?";
    }

    @Override
    public String insertStep() {
        return "INSERT INTO " + step + " (step_id, execution_id, step_name, base_path, patterns) VALUES (?, ?, ?, ?, ?)";
    }

    @Override
    public String insertModelChecksum() {
        return "INSERT INTO " + checksum + " (step_id, model_name, checksum, source_path) VALUES (?, ?, ?, ?)";
    }

    @Override
    public String lockStep() {
        return "SELECT execution_id, step_name, completed_at FROM " + step + " WHERE step_id = ? FOR UPDATE";
    }

    @Override
    public String step() {
        return "SELECT execution_id, step_name FROM " + step + " WHERE step_id = ?";
    }

    @Override
    public String completeStep() {
        return "UPDATE " + step + " SET completed_at = clock_timestamp(), updated_at = clock_timestamp(),"
                + " rows_processed = ? WHERE step_id = ?";
    }

    @Override
    public String changedModels() {
        return "SELECT cur.model_name FROM " + checksum + " cur WHERE cur.step_id = ? AND NOT EXISTS ("
                + "SELECT 1 FROM " + checksum + " prev JOIN " + step + " ps ON ps.step_id = prev.step_id"
                + " WHERE ps.execution_id = ? AND ps.step_name = ?"
                + " AND prev.model_name = cur.model_name AND prev.checksum = cur.checksum)";
    }

    @Override
    public String allModels() {
        return "SELECT model_name FROM " + checksum + " WHERE step_id = ?";
    }
}

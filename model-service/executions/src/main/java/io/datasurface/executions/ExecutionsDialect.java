package io.datasurface.executions;

/**
 * Every SQL statement of the execution store. Values are bind parameters ({@code ?}); the one
 * identifier, the schema, goes through {@link #quote}. One implementation per database.
 */
interface ExecutionsDialect {
    String quote(String identifier);

    /** execution_id */
    String insertExecution();

    /** execution_id → completed_at (null while running); locks the row. */
    String lockExecution();

    /** execution_id → completed_at (null while running). */
    String executionCompletedAt();

    /** → execution_id of the execution completed last, if any. */
    String lastCompletedExecution();

    /** execution_id. */
    String completeExecution();

    /** execution_id → names of its steps not completed yet. */
    String incompleteSteps();

    /** execution_id, step_name → step_id. */
    String stepByName();

    /** step_id, execution_id, step_name, base_path, patterns (text[]). */
    String insertStep();

    /** step_id, model_name, checksum, source_path. */
    String insertModelChecksum();

    /** step_id → execution_id, step_name, completed_at; locks the row. */
    String lockStep();

    /** step_id → execution_id, step_name. */
    String step();

    /** rows_processed (nullable), step_id. */
    String completeStep();

    /**
     * step_id, previous execution_id, step_name → names of the step's models that the previous
     * execution's step of that name lacks or had with another checksum.
     */
    String changedModels();

    /** step_id → names of all the step's models. */
    String allModels();
}

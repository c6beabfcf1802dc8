-- Execution tracking: executions, their steps, and the checksum of every model a step saw.
-- Flyway runs this with search_path set to the executions schema (datasurface_executions).

CREATE TABLE execution (
    execution_id uuid        PRIMARY KEY,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- null while the execution runs; set once by complete-execution
    completed_at timestamptz,
    CHECK (completed_at IS NULL OR completed_at >= created_at)
);

-- get-last-successful-execution: the execution completed last
CREATE INDEX execution_completed_at ON execution (completed_at DESC) WHERE completed_at IS NOT NULL;

CREATE TABLE execution_step (
    step_id        uuid        PRIMARY KEY,
    execution_id   uuid        NOT NULL REFERENCES execution (execution_id) ON DELETE CASCADE,
    step_name      text        NOT NULL CHECK (step_name <> ''),
    -- where the models came from: null when the caller gave the checksums directly
    base_path      text,
    patterns       text[],
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    completed_at   timestamptz,
    rows_processed bigint      CHECK (rows_processed >= 0),
    -- compare-step-models finds the previous execution's step by name: one step of a name per execution
    UNIQUE (execution_id, step_name)
);

CREATE TABLE model_checksum (
    step_id     uuid NOT NULL REFERENCES execution_step (step_id) ON DELETE CASCADE,
    -- file name without its extension, unique within the step
    model_name  text NOT NULL CHECK (model_name <> ''),
    -- lower-case hex SHA-256 of the model's bytes
    checksum    text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    -- the file, relative to the step's base path; null when given directly
    source_path text,
    PRIMARY KEY (step_id, model_name)
);

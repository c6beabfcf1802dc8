-- The model-service's record of every requested deployment, one row per commit of a repo.
-- Flyway runs this with search_path set to the model-service's schema (datasurface_model).
--
-- Exactly the DDL of the releases before migrations, which made this table with CREATE TABLE IF NOT
-- EXISTS: such a schema is adopted (a baseline at version 0, then this script), so IF NOT EXISTS keeps
-- the table and its rows. Later changes go in V2 and on.

CREATE TABLE IF NOT EXISTS deployments (
    id uuid PRIMARY KEY,
    commit text NOT NULL,
    source_repo text NOT NULL,
    source text,
    status text NOT NULL,
    execution_id uuid,
    model_version text,
    problems jsonb NOT NULL DEFAULT '[]',
    error text,
    requested_at timestamptz NOT NULL,
    finished_at timestamptz,
    UNIQUE (commit, source_repo)
);

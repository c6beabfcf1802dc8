-- A platform schema's own tables: its batches and the Kafka offsets the merge-service consumed.
-- Flyway runs this with search_path set to the platform schema (e.g. yellow_live).
--
-- Exactly the DDL of the releases before migrations, which made these tables with CREATE TABLE IF NOT
-- EXISTS: such a schema is adopted (a baseline at version 0, then this script), so IF NOT EXISTS keeps
-- its tables and rows and creates only what is missing. Later changes go in V2 and on.

-- one row per batch of each stream (docs/merge-store.md, Batches)
CREATE TABLE IF NOT EXISTS batches (
    stream text NOT NULL,
    batch_id bigint NOT NULL,
    status text NOT NULL,
    kind text NOT NULL,
    datasets jsonb NOT NULL,
    restart_point text,
    previous_position text,
    source_position text,
    loaded jsonb NOT NULL DEFAULT '{}',
    counts jsonb,
    inserted bigint,
    updated bigint,
    deleted bigint,
    total bigint,
    started_at timestamptz NOT NULL,
    ingested_at timestamptz,
    committed_at timestamptz,
    updated_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 1,
    error text,
    PRIMARY KEY (stream, batch_id)
);

-- consumed Kafka offsets, stored by the merge-service in the transaction of each merge
CREATE TABLE IF NOT EXISTS offsets (
    consumer_group text NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    next_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (consumer_group, topic, partition)
);

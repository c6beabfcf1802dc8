package io.datasurface.merge.sql;

import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.TableColumn;
import io.datasurface.migrations.SchemaMigrations;
import io.datasurface.model.Milestoning;
import io.datasurface.model.type.SqlType;
import java.util.List;

/**
 * All SQL text of the merge engine, for one database. Values are always bound parameters; identifiers
 * always go through {@link #quote}. {@link PostgresDialect} is the only implementation.
 */
public interface Dialect {

    /** The identifier quoted for use in SQL text. */
    String quote(String identifier);

    // --- schema and DDL

    /** The migrations of a platform's schema and its own tables ({@code batches}, {@code offsets}). */
    SchemaMigrations platformSchema(String schema);

    /**
     * Records the next offset to consume, unless a stored one is past the record being applied (then no row
     * changes): bind group, topic, partition, next offset, the applied record's offset.
     */
    String storeOffset(String schema);

    /** Stored next offsets of a group and topic: rows of (partition, next offset). Bind group, topic. */
    String storedOffsets(String schema);

    String keepalives();

    /** Columns of a table in order: rows of (name text, type text); no rows when it does not exist. */
    String tableColumns();

    /** The model type of a column the database describes as {@code databaseType}, or null when unknown. */
    SqlType typeOf(String databaseType);

    String columnType(SqlType type);

    String createMergeTable(DatasetTables t, Milestoning milestoning);

    String createMergeIndex(DatasetTables t, Milestoning milestoning);

    String createStagingTable(DatasetTables t);

    String dropTable(String schema, String table);

    String truncate(String schema, String table);

    String addColumn(String schema, String table, TableColumn column);

    String alterColumnType(String schema, String table, TableColumn column);

    String setLockTimeout(int seconds);

    /**
     * Planner settings for the rest of the transaction, for merging a DELTA batch: a few keys looked up in a big
     * merge table, which the planner should find through its index rather than by reading the whole table.
     */
    String plannerForDelta();

    // --- views over a merge table, kept across a column type change (PostgreSQL cannot alter a column a view uses)

    /** {@code "schema"."table"}: a relation's name as the catalog queries below bind it. */
    String qualified(String schema, String table);

    /**
     * Views reading a table: rows of (schema, name, owner, definition, comment, options array — null when
     * none). Bind the table's {@link #qualified} name.
     */
    String dependentViews();

    /**
     * Privileges on a view and its columns held by roles other than its owner: rows of (column — null for the
     * view itself, role — null for PUBLIC, privilege, grantable). Bind the view's {@link #qualified} name twice.
     */
    String viewGrants();

    /** Comments on a view's columns: rows of (column, comment). Bind the view's {@link #qualified} name. */
    String viewColumnComments();

    /** One row: the role the session acts as. */
    String currentUser();

    String dropView(String schema, String view);

    /** A view with its options as the catalog lists them ({@code security_barrier=true}, {@code check_option=local}). */
    String createView(String schema, String view, List<String> options, String definition);

    String commentOnView(String schema, String view, String comment);

    String commentOnViewColumn(String schema, String view, String column, String comment);

    /** A privilege on a view, or on one of its columns when {@code column} is not null; {@code role} null: PUBLIC. */
    String grantOnView(String privilege, String column, String schema, String view, String role, boolean grantable);

    /** Every privilege of a role on a view (its columns' too); {@code role} null: PUBLIC. */
    String revokeAllOnView(String schema, String view, String role);

    String alterViewOwner(String schema, String view, String owner);

    // --- staging

    String copyIntoStaging(DatasetTables t);

    /** COPY straight into a merge table: the dataset's columns, then its batch columns and hash. */
    String copyIntoMerge(DatasetTables t, Milestoning milestoning);

    String countRows(String schema, String table);

    /** Moves the rows a direct load wrote into the merge table over to staging (as FULL-batch rows). */
    String moveMergeToStaging(DatasetTables t);

    /** One duplicated key of a snapshot: the key columns' text values, or no row. */
    String findDuplicateKey(DatasetTables t);

    /** Whether any staged row has a null key column: one row when so. */
    String findNullKey(DatasetTables t);

    // --- merges

    String isEmpty(String schema, String table);

    String analyze(String schema, String table);

    /** A FULL batch into an empty merge table: plain insert; returns the inserted count as the update count. */
    String insertAll(DatasetTables t, Milestoning milestoning);

    MergeSql liveFull(DatasetTables t);

    MergeSql liveDelta(DatasetTables t);

    MergeSql forensicFull(DatasetTables t);

    MergeSql forensicDelta(DatasetTables t);

    // --- batches

    /** Waits for the stream's session lock, as long as the session's lock timeout allows. */
    String waitStreamLock();

    String setSessionLockTimeout(int seconds);

    String resetLockTimeout();

    String unlockStream();

    String latestBatch(String schema);

    String insertBatch(String schema);

    String restartBatch(String schema);

    String checkpointBatch(String schema);

    String markIngested(String schema);

    String markCommitted(String schema);

    String markFailed(String schema);

    String noteError(String schema);
}

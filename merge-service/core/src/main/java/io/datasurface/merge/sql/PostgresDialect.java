package io.datasurface.merge.sql;

import static io.datasurface.model.naming.MergeColumns.ALL_HASH;
import static io.datasurface.model.naming.MergeColumns.BATCH_ID;
import static io.datasurface.model.naming.MergeColumns.BATCH_IN;
import static io.datasurface.model.naming.MergeColumns.BATCH_OUT;
import static io.datasurface.model.naming.MergeColumns.LIVE;
import static io.datasurface.model.naming.MergeColumns.OP;
import static io.datasurface.model.naming.MergeColumns.SEQ;

import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.TableColumn;
import io.datasurface.migrations.SchemaMigrations;
import io.datasurface.model.Milestoning;
import io.datasurface.model.naming.MergeColumns;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.model.type.SqlType;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * PostgreSQL 15, 16 and 17. Every merge is one statement that computes the differences between staging
 * and the current rows once (a join) and applies them with data-modifying CTEs that touch only the
 * changed rows. PostgreSQL 17's {@code MERGE … WHEN NOT MATCHED BY SOURCE} can do a live-only FULL batch
 * in one statement too ({@link #withMergeBySource}), but measured slower on 17 (docs/performance.md).
 */
public final class PostgresDialect implements Dialect {
    private final int majorVersion;
    private final PostgresMerges merges;

    public PostgresDialect(int majorVersion) {
        this(majorVersion, false);
    }

    private PostgresDialect(int majorVersion, boolean mergeBySource) {
        this.majorVersion = majorVersion;
        this.merges = new PostgresMerges(this, mergeBySource);
    }

    /**
     * The same dialect, but a live-only FULL batch merges with one {@code MERGE … WHEN NOT MATCHED BY
     * SOURCE … RETURNING merge_action()} (PostgreSQL 17+). Measured slower than the default diff form
     * (docs/performance.md), so the engine does not use it; the benchmark and a test keep it honest.
     *
     * @throws IllegalStateException before PostgreSQL 17
     */
    public PostgresDialect withMergeBySource() {
        if (majorVersion < 17) {
            throw new IllegalStateException("MERGE ... WHEN NOT MATCHED BY SOURCE needs PostgreSQL 17, this is "
                    + majorVersion);
        }
        return new PostgresDialect(majorVersion, true);
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    // ------------------------------------------------------------------ schema and DDL

    /** The platform schema and its batches and offsets tables, created or upgraded by Flyway. */
    @Override
    public SchemaMigrations platformSchema(String schema) {
        return PostgresPlatformSchema.of(schema);
    }

    @Override
    public String storeOffset(String schema) {
        return PostgresOffsets.store(table(schema, MergeColumns.OFFSETS_TABLE));
    }

    @Override
    public String storedOffsets(String schema) {
        return PostgresOffsets.stored(table(schema, MergeColumns.OFFSETS_TABLE));
    }

    @Override
    public String dependentViews() {
        return PostgresViews.DEPENDENT_VIEWS;
    }

    @Override
    public String viewGrants() {
        return PostgresViews.VIEW_GRANTS;
    }

    @Override
    public String viewColumnComments() {
        return PostgresViews.COLUMN_COMMENTS;
    }

    @Override
    public String currentUser() {
        return PostgresViews.CURRENT_USER;
    }

    @Override
    public String qualified(String schema, String table) {
        return table(schema, table);
    }

    @Override
    public String dropView(String schema, String view) {
        return "DROP VIEW " + table(schema, view);
    }

    @Override
    public String createView(String schema, String view, List<String> options, String definition) {
        return PostgresViews.create(table(schema, view), options, definition);
    }

    @Override
    public String commentOnView(String schema, String view, String comment) {
        return PostgresViews.comment(table(schema, view), comment);
    }

    @Override
    public String commentOnViewColumn(String schema, String view, String column, String comment) {
        return PostgresViews.commentOnColumn(table(schema, view), quote(column), comment);
    }

    @Override
    public String grantOnView(String privilege, String column, String schema, String view, String role,
                              boolean grantable) {
        return PostgresViews.grant(privilege, column == null ? null : quote(column), table(schema, view), grantee(role),
                grantable);
    }

    @Override
    public String revokeAllOnView(String schema, String view, String role) {
        return PostgresViews.revokeAll(table(schema, view), grantee(role));
    }

    private String grantee(String role) {
        return role == null ? "PUBLIC" : quote(role);
    }

    @Override
    public String alterViewOwner(String schema, String view, String owner) {
        return PostgresViews.alterOwner(table(schema, view), quote(owner));
    }

    /** The server notices a vanished client within about a minute, and frees the stream's lock. */
    @Override
    public String keepalives() {
        return "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3";
    }

    @Override
    public String tableColumns() {
        return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    }

    @Override
    public SqlType typeOf(String databaseType) {
        return SqlType.parse(databaseType).type();
    }

    @Override
    public String columnType(SqlType type) {
        return switch (type.kind()) {
            case DOUBLE -> "double precision";
            case DECIMAL -> type.length() < 0 ? "numeric" : "numeric(" + type.length() + "," + type.scale() + ")";
            case CHAR -> "character(" + type.length() + ")";
            case VARCHAR -> "character varying(" + type.length() + ")";
            case TIME -> "time without time zone";
            case TIMESTAMP -> "timestamp without time zone";
            case TIMESTAMPTZ -> "timestamp with time zone";
            case TIMETZ -> "time with time zone";
            case BIT -> "bit(" + type.length() + ")";
            case VARBIT -> type.length() < 0 ? "bit varying" : "bit varying(" + type.length() + ")";
            case ARRAY -> columnType(type.element()) + "[]";
            case ENUM -> "text"; // the labels are the model's; the merge store keeps whatever the source sent
            default -> type.kind().spelling();
        };
    }

    private String columnDefs(List<TableColumn> columns, List<String> keys) {
        return columns.stream().map(c -> quote(c.name()) + " " + columnType(c.type())
                + (keys.contains(c.name()) ? " NOT NULL" : "")).collect(Collectors.joining(", "));
    }

    @Override
    public String createMergeTable(DatasetTables t, Milestoning milestoning) {
        String keys = list(t.keys(), this::quote);
        String synthetic = milestoning == Milestoning.FORENSIC
                ? quote(BATCH_IN) + " integer NOT NULL, " + quote(BATCH_OUT) + " integer NOT NULL DEFAULT " + LIVE + ", "
                        + quote(ALL_HASH) + " bigint NOT NULL, PRIMARY KEY (" + keys + ", " + quote(BATCH_IN) + ")"
                : quote(BATCH_ID) + " integer NOT NULL, " + quote(ALL_HASH) + " bigint NOT NULL, PRIMARY KEY (" + keys + ")";
        return "CREATE TABLE IF NOT EXISTS " + table(t.schema(), t.mergeTable()) + " ("
                + columnDefs(t.columns(), t.keys()) + ", " + synthetic + ")";
    }

    /** Forensic only: the current versions by key (not unique: a batch closes and opens a key's versions in one statement). */
    @Override
    public String createMergeIndex(DatasetTables t, Milestoning milestoning) {
        if (milestoning != Milestoning.FORENSIC) {
            return null;
        }
        return "CREATE INDEX IF NOT EXISTS " + quote(SqlNames.shorten(t.mergeTable() + "_live")) + " ON "
                + table(t.schema(), t.mergeTable()) + " (" + list(t.keys(), this::quote) + ") WHERE "
                + quote(BATCH_OUT) + " = " + LIVE;
    }

    @Override
    public String createStagingTable(DatasetTables t) {
        return "CREATE UNLOGGED TABLE " + table(t.schema(), t.stagingTable()) + " (" + columnDefs(t.columns(), List.of())
                + ", " + quote(OP) + " character(1) NOT NULL, " + quote(SEQ) + " bigint NOT NULL, " + quote(ALL_HASH)
                + " bigint)";
    }

    @Override
    public String dropTable(String schema, String table) {
        return "DROP TABLE IF EXISTS " + table(schema, table);
    }

    @Override
    public String truncate(String schema, String table) {
        return "TRUNCATE " + table(schema, table);
    }

    @Override
    public String addColumn(String schema, String table, TableColumn column) {
        return "ALTER TABLE " + table(schema, table) + " ADD COLUMN " + quote(column.name()) + " "
                + columnType(column.type());
    }

    @Override
    public String alterColumnType(String schema, String table, TableColumn column) {
        return "ALTER TABLE " + table(schema, table) + " ALTER COLUMN " + quote(column.name()) + " TYPE "
                + columnType(column.type());
    }

    /**
     * The cost of a random page read as on solid-state storage (the default, 4, is that of spinning disks): with it, a
     * DELTA of 1% of a million-row forensic table is joined through the current-version index (0.07–0.12 s) instead of
     * by reading the whole table (0.66 s), measured with {@code benchmarks merge --changes-only}; big DELTA batches
     * still get a hash join, the planner weighing both.
     */
    @Override
    public String plannerForDelta() {
        return "SET LOCAL random_page_cost = 1.1";
    }

    @Override
    public String setLockTimeout(int seconds) {
        return "SET LOCAL lock_timeout = '" + seconds + "s'";
    }

    // ------------------------------------------------------------------ staging

    @Override
    public String copyIntoStaging(DatasetTables t) {
        return "COPY " + table(t.schema(), t.stagingTable()) + " (" + list(t.columnNames(), this::quote) + ", "
                + quote(OP) + ", " + quote(SEQ) + ", " + quote(ALL_HASH) + ") FROM STDIN";
    }

    @Override
    public String copyIntoMerge(DatasetTables t, Milestoning milestoning) {
        String synthetic = milestoning == Milestoning.FORENSIC
                ? quote(BATCH_IN) + ", " + quote(BATCH_OUT) + ", " + quote(ALL_HASH)
                : quote(BATCH_ID) + ", " + quote(ALL_HASH);
        return "COPY " + table(t.schema(), t.mergeTable()) + " (" + list(t.columnNames(), this::quote) + ", "
                + synthetic + ") FROM STDIN";
    }

    @Override
    public String moveMergeToStaging(DatasetTables t) {
        String cols = list(t.columnNames(), this::quote);
        return "INSERT INTO " + table(t.schema(), t.stagingTable()) + " (" + cols + ", " + quote(OP) + ", " + quote(SEQ)
                + ", " + quote(ALL_HASH) + ") SELECT " + cols + ", 'U', row_number() OVER () - 1, " + quote(ALL_HASH)
                + " FROM " + table(t.schema(), t.mergeTable());
    }

    @Override
    public String countRows(String schema, String table) {
        return "SELECT count(*) FROM " + table(schema, table);
    }

    @Override
    public String findDuplicateKey(DatasetTables t) {
        String keys = list(t.keys(), this::quote);
        return "SELECT " + list(t.keys(), k -> quote(k) + "::text") + " FROM " + table(t.schema(), t.stagingTable())
                + " GROUP BY " + keys + " HAVING count(*) > 1 LIMIT 1";
    }

    @Override
    public String findNullKey(DatasetTables t) {
        return "SELECT 1 FROM " + table(t.schema(), t.stagingTable()) + " WHERE "
                + t.keys().stream().map(k -> quote(k) + " IS NULL").collect(Collectors.joining(" OR ")) + " LIMIT 1";
    }

    // ------------------------------------------------------------------ merges

    @Override
    public String isEmpty(String schema, String table) {
        return "SELECT NOT EXISTS (SELECT 1 FROM " + table(schema, table) + ")";
    }

    @Override
    public String analyze(String schema, String table) {
        return "ANALYZE " + table(schema, table);
    }

    @Override
    public String insertAll(DatasetTables t, Milestoning milestoning) {
        String cols = list(t.columnNames(), this::quote);
        String synthetic = milestoning == Milestoning.FORENSIC
                ? quote(BATCH_IN) + ", " + quote(BATCH_OUT) + ", " + quote(ALL_HASH)
                : quote(BATCH_ID) + ", " + quote(ALL_HASH);
        String values = milestoning == Milestoning.FORENSIC ? "?, " + LIVE + ", " + quote(ALL_HASH) : "?, " + quote(ALL_HASH);
        return "INSERT INTO " + table(t.schema(), t.mergeTable()) + " (" + cols + ", " + synthetic + ") SELECT " + cols
                + ", " + values + " FROM " + table(t.schema(), t.stagingTable());
    }

    static String list(List<String> items, Function<String, String> f) {
        return items.stream().map(f).collect(Collectors.joining(", "));
    }

    @Override
    public MergeSql liveFull(DatasetTables t) {
        return merges.liveFull(t);
    }

    @Override
    public MergeSql liveDelta(DatasetTables t) {
        return merges.liveDelta(t);
    }

    @Override
    public MergeSql forensicFull(DatasetTables t) {
        return merges.forensicFull(t);
    }

    @Override
    public MergeSql forensicDelta(DatasetTables t) {
        return merges.forensicDelta(t);
    }

    // ------------------------------------------------------------------ batches

    /** Waits for the lock as long as the session's lock_timeout allows (SQLSTATE 55P03 when it runs out). */
    @Override
    public String waitStreamLock() {
        return "SELECT pg_advisory_lock(hashtext(?), hashtext(?))";
    }

    @Override
    public String setSessionLockTimeout(int seconds) {
        return "SET lock_timeout = '" + seconds + "s'";
    }

    @Override
    public String resetLockTimeout() {
        return "RESET lock_timeout";
    }

    @Override
    public String unlockStream() {
        return "SELECT pg_advisory_unlock(hashtext(?), hashtext(?))";
    }

    private static final String BATCH_COLUMNS = "batch_id, status, kind, datasets::text, restart_point, "
            + "previous_position, source_position, loaded::text, attempts, error";

    @Override
    public String latestBatch(String schema) {
        return "SELECT " + BATCH_COLUMNS + " FROM " + batches(schema)
                + " WHERE stream = ? ORDER BY batch_id DESC LIMIT 1";
    }

    /** Parameters: stream, batch id, kind, datasets (json), previous position. */
    @Override
    public String insertBatch(String schema) {
        return "INSERT INTO " + batches(schema) + " (stream, batch_id, status, kind, datasets, previous_position, "
                + "started_at, updated_at) VALUES (?, ?, 'STARTED', ?, ?::jsonb, ?, clock_timestamp(), clock_timestamp())";
    }

    /** Parameters: kind, datasets (json), stream, batch id. Keeps the error of the failed attempt. */
    @Override
    public String restartBatch(String schema) {
        return "UPDATE " + batches(schema) + " SET status = 'STARTED', kind = ?, datasets = ?::jsonb, "
                + "restart_point = NULL, source_position = NULL, loaded = '{}', ingested_at = NULL, "
                + "started_at = clock_timestamp(), updated_at = clock_timestamp(), attempts = attempts + 1 "
                + "WHERE stream = ? AND batch_id = ?";
    }

    /** Parameters: restart point, loaded (json), stream, batch id. */
    @Override
    public String checkpointBatch(String schema) {
        return "UPDATE " + batches(schema) + " SET restart_point = ?, loaded = ?::jsonb, "
                + "updated_at = clock_timestamp() WHERE stream = ? AND batch_id = ?";
    }

    /** Parameters: source position, stream, batch id. */
    @Override
    public String markIngested(String schema) {
        return "UPDATE " + batches(schema) + " SET status = 'INGESTED', source_position = ?, "
                + "ingested_at = clock_timestamp(), updated_at = clock_timestamp() WHERE stream = ? AND batch_id = ?";
    }

    /** Parameters: counts (json), inserted, updated, deleted, total, stream, batch id. */
    @Override
    public String markCommitted(String schema) {
        return "UPDATE " + batches(schema) + " SET status = 'COMMITTED', counts = ?::jsonb, inserted = ?, "
                + "updated = ?, deleted = ?, total = ?, committed_at = clock_timestamp(), updated_at = clock_timestamp(), "
                + "error = NULL "
                + "WHERE stream = ? AND batch_id = ?";
    }

    /** Parameters: error, stream, batch id. */
    @Override
    public String markFailed(String schema) {
        return "UPDATE " + batches(schema) + " SET status = 'FAILED', error = ?, updated_at = clock_timestamp() "
                + "WHERE stream = ? AND batch_id = ?";
    }

    /** Parameters: error, stream, batch id. Keeps the status, so the next step resumes the batch. */
    @Override
    public String noteError(String schema) {
        return "UPDATE " + batches(schema) + " SET error = ?, updated_at = clock_timestamp() "
                + "WHERE stream = ? AND batch_id = ?";
    }

    private String batches(String schema) {
        return table(schema, MergeColumns.BATCHES_TABLE);
    }
}

package io.datasurface.view.sql;

import static io.datasurface.model.naming.MergeColumns.BATCH_IN;
import static io.datasurface.model.naming.MergeColumns.BATCH_OUT;
import static io.datasurface.model.naming.MergeColumns.LIVE;

import io.datasurface.model.naming.MergeColumns;
import java.util.List;
import java.util.stream.Collectors;

/** The view reconciler's SQL for PostgreSQL 15, 16 and 17. */
public final class PostgresViewDialect implements ViewDialect {
    /** First key of the two-key advisory locks of the view reconciler ('view'); merge locks use the one-key form. */
    private static final int LOCK_SPACE = 0x76696577;

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    @Override
    public String fixSearchPath() {
        return "SET search_path TO pg_catalog";
    }

    @Override
    public String lockSchema() {
        return "SELECT pg_advisory_lock(" + LOCK_SPACE + ", hashtext(?))";
    }

    @Override
    public String unlockSchema() {
        return "SELECT pg_advisory_unlock(" + LOCK_SPACE + ", hashtext(?))";
    }

    @Override
    public String setLockTimeout(int seconds) {
        return "SET lock_timeout = '" + seconds + "s'";
    }

    @Override
    public String schemaExists() {
        return "SELECT 1 FROM pg_namespace WHERE nspname = ?";
    }

    @Override
    public String revokeFromPublic(String schema, String view) {
        return "REVOKE ALL ON " + table(schema, view) + " FROM PUBLIC";
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    @Override
    public String viewsOfSchema() {
        return "SELECT c.relname, obj_description(c.oid, 'pg_class'), md5(pg_get_viewdef(c.oid)) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'v'";
    }

    @Override
    public String viewDigest() {
        return "SELECT md5(pg_get_viewdef(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ? AND c.relkind = 'v'";
    }

    @Override
    public String tableColumnsOfSchema() {
        return "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
                + "AND a.attnum > 0 AND NOT a.attisdropped";
    }

    @Override
    public String selectGrantsOfSchema() {
        return "SELECT c.relname, r.rolname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
                + "aclexplode(c.relacl) g JOIN pg_roles r ON r.oid = g.grantee "
                + "WHERE n.nspname = ? AND c.relkind = 'v' AND g.privilege_type = 'SELECT'";
    }

    @Override
    public String liveOnlySelect(String schema, String mergeTable, List<String> columns) {
        return "SELECT " + list(columns, "") + " FROM " + table(schema, mergeTable);
    }

    @Override
    public String forensicLiveSelect(String schema, String mergeTable, List<String> columns) {
        return liveOnlySelect(schema, mergeTable, columns) + " WHERE " + quote(BATCH_OUT) + " = " + LIVE;
    }

    @Override
    public String historySelect(String schema, String mergeTable, String stream, List<String> columns) {
        String batches = table(schema, MergeColumns.BATCHES_TABLE);
        String key = literal(stream);
        return "SELECT " + list(columns, "m.") + ", m." + quote(BATCH_IN) + ", m." + quote(BATCH_OUT)
                + ", bi.committed_at AS ds_surf_valid_from"
                + ", COALESCE(bo.committed_at, 'infinity'::timestamptz) AS ds_surf_valid_to"
                + " FROM " + table(schema, mergeTable) + " m"
                + " LEFT JOIN " + batches + " bi ON bi.stream = " + key + " AND bi.batch_id = m." + quote(BATCH_IN)
                // a version's out batch is the last one in which it was current: the next one ended it
                + " LEFT JOIN " + batches + " bo ON bo.stream = " + key + " AND bo.batch_id = m." + quote(BATCH_OUT)
                + "::bigint + 1";
    }

    @Override
    public String createView(String schema, String view, String select) {
        return "CREATE VIEW " + table(schema, view) + " AS " + select;
    }

    @Override
    public String createOrReplaceView(String schema, String view, String select) {
        return "CREATE OR REPLACE VIEW " + table(schema, view) + " AS " + select;
    }

    @Override
    public String dropView(String schema, String view) {
        return "DROP VIEW " + table(schema, view);
    }

    @Override
    public String commentOnView(String schema, String view, String comment) {
        return "COMMENT ON VIEW " + table(schema, view) + " IS " + literal(comment);
    }

    @Override
    public String roleComment() {
        return "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?";
    }

    @Override
    public String createReaderRole(String role) {
        return "CREATE ROLE " + quote(role) + " NOLOGIN";
    }

    @Override
    public String commentOnRole(String role, String comment) {
        return "COMMENT ON ROLE " + quote(role) + " IS " + literal(comment);
    }

    @Override
    public String grantSchemaUsage(String schema, String role) {
        return "GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + quote(role);
    }

    @Override
    public String grantSelect(String schema, String view, String role) {
        return "GRANT SELECT ON " + table(schema, view) + " TO " + quote(role);
    }

    private String list(List<String> columns, String prefix) {
        return columns.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }
}

package io.datasurface.merge.sql;

import java.util.List;

/**
 * Catalog queries and statements about the views over a merge table, which a column type change must keep
 * exactly as they were (PostgreSQL).
 */
final class PostgresViews {
    /** Views reading a table: (schema, name, owner, definition, comment, options text[]). Bind "schema"."table" text. */
    static final String DEPENDENT_VIEWS = "SELECT DISTINCT vn.nspname, v.relname, pg_get_userbyid(v.relowner), "
            + "pg_get_viewdef(v.oid), obj_description(v.oid, 'pg_class'), v.reloptions FROM pg_depend d "
            + "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
            + "JOIN pg_namespace vn ON vn.oid = v.relnamespace WHERE d.classid = 'pg_rewrite'::regclass "
            + "AND d.refobjid = ?::regclass AND v.oid <> d.refobjid AND v.relkind = 'v'";

    /**
     * Privileges on a view and on its columns held by roles other than its owner: (column or null, role or
     * null for PUBLIC, privilege, grantable). Bind "schema"."view" text twice.
     */
    static final String VIEW_GRANTS = "SELECT NULL::text, r.rolname, g.privilege_type, g.is_grantable "
            + "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) g LEFT JOIN pg_roles r ON r.oid = g.grantee "
            + "WHERE c.oid = ?::regclass AND g.grantee <> c.relowner "
            + "UNION ALL SELECT a.attname::text, r.rolname, g.privilege_type, g.is_grantable "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid CROSS JOIN LATERAL aclexplode(a.attacl) g "
            + "LEFT JOIN pg_roles r ON r.oid = g.grantee "
            + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND g.grantee <> c.relowner";

    /** Comments on a view's columns: (column, comment). Bind "schema"."view" text. */
    static final String COLUMN_COMMENTS = "SELECT a.attname, d.description FROM pg_description d "
            + "JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid "
            + "WHERE d.objoid = ?::regclass AND d.classoid = 'pg_class'::regclass AND d.objsubid > 0";

    static final String CURRENT_USER = "SELECT current_user";

    private PostgresViews() {
    }

    /** A view with its options as the catalog lists them ({@code security_barrier=true}), each checked before it goes in SQL. */
    static String create(String qualifiedView, List<String> options, String definition) {
        for (String option : options) {
            if (!option.matches("[a-z_]+=[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("not a view option: " + option);
            }
        }
        return "CREATE VIEW " + qualifiedView + (options.isEmpty() ? "" : " WITH (" + String.join(", ", options) + ")")
                + " AS " + definition;
    }

    /** A privilege as the catalog spells it ({@code SELECT}, {@code TRUNCATE}, ...), checked before it goes in SQL. */
    static String grant(String privilege, String quotedColumn, String qualifiedView, String grantee, boolean grantable) {
        if (!privilege.matches("[A-Z ]+")) {
            throw new IllegalArgumentException("not a privilege: " + privilege);
        }
        return "GRANT " + privilege + (quotedColumn == null ? "" : " (" + quotedColumn + ")") + " ON " + qualifiedView
                + " TO " + grantee + (grantable ? " WITH GRANT OPTION" : "");
    }

    static String revokeAll(String qualifiedView, String grantee) {
        return "REVOKE ALL ON " + qualifiedView + " FROM " + grantee;
    }

    static String alterOwner(String qualifiedView, String quotedOwner) {
        return "ALTER VIEW " + qualifiedView + " OWNER TO " + quotedOwner;
    }

    static String comment(String qualifiedView, String comment) {
        return "COMMENT ON VIEW " + qualifiedView + " IS " + literal(comment);
    }

    static String commentOnColumn(String qualifiedView, String quotedColumn, String comment) {
        return "COMMENT ON COLUMN " + qualifiedView + "." + quotedColumn + " IS " + literal(comment);
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

package io.datasurface.merge.sql;

/** Catalog queries about the views over a merge table, which a column type change must keep (PostgreSQL). */
final class PostgresViews {
    /** Views reading a table: (schema, name, owner, definition, comment, oid). Bind "schema"."table" text. */
    static final String DEPENDENT_VIEWS = "SELECT DISTINCT vn.nspname, v.relname, pg_get_userbyid(v.relowner), "
            + "pg_get_viewdef(v.oid), obj_description(v.oid, 'pg_class'), v.oid FROM pg_depend d "
            + "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
            + "JOIN pg_namespace vn ON vn.oid = v.relnamespace WHERE d.classid = 'pg_rewrite'::regclass "
            + "AND d.refobjid = ?::regclass AND v.oid <> d.refobjid AND v.relkind = 'v'";

    /** Roles granted privileges on a view, other than its owner: (role, privilege). Bind the view's oid. */
    static final String VIEW_GRANTS = "SELECT r.rolname, g.privilege_type FROM pg_class c, aclexplode(c.relacl) g "
            + "JOIN pg_roles r ON r.oid = g.grantee WHERE c.oid = ? AND g.grantee <> c.relowner";

    private PostgresViews() {
    }

    /** A privilege as the catalog spells it ({@code SELECT}, {@code TRUNCATE}, ...), checked before it goes in SQL. */
    static String grant(String privilege, String qualifiedView, String quotedRole) {
        if (!privilege.matches("[A-Z ]+")) {
            throw new IllegalArgumentException("not a privilege: " + privilege);
        }
        return "GRANT " + privilege + " ON " + qualifiedView + " TO " + quotedRole;
    }

    static String alterOwner(String qualifiedView, String quotedOwner) {
        return "ALTER VIEW " + qualifiedView + " OWNER TO " + quotedOwner;
    }

    static String comment(String qualifiedView, String comment) {
        return "COMMENT ON VIEW " + qualifiedView + " IS '" + comment.replace("'", "''") + "'";
    }
}

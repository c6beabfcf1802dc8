package io.datasurface.view.sql;

import java.util.List;

/**
 * All SQL text of the view reconciler, for one database. Identifiers always go through
 * {@link #quote}; values are bound parameters, except the stream key a history view filters on,
 * which a view definition can only hold as a literal (see {@link #literal}).
 * {@link PostgresViewDialect} is the only implementation.
 */
public interface ViewDialect {

    String quote(String identifier);

    /** A string literal for SQL text. */
    String literal(String value);

    /** Makes the session's name resolution fixed, so catalog definitions read back the same every run. */
    String fixSearchPath();

    /** Waits for, then takes, the session lock that lets one reconciler at a time work on a schema: bind the schema. */
    String lockSchema();

    /** Releases {@link #lockSchema}: bind the schema. */
    String unlockSchema();

    /** Fails a statement that waits longer than this for a lock. */
    String setLockTimeout(int seconds);

    /** Whether a schema exists: bind the schema. */
    String schemaExists();

    String createSchema(String schema);

    /** Views are closed to everyone but the roles granted them, whatever the default privileges say. */
    String revokeFromPublic(String schema, String view);

    /**
     * The views of a schema: rows of (name, comment, digest of the definition as the catalog holds it).
     * Bind the schema.
     */
    String viewsOfSchema();

    /** Digest of one view's definition as the catalog holds it: bind the schema and the view name. */
    String viewDigest();

    /** Columns of every table of a schema: rows of (table, column). Bind the schema. */
    String tableColumnsOfSchema();

    /** (view, role) pairs with SELECT granted in a schema. Bind the schema. */
    String selectGrantsOfSchema();

    /** The current view of a live-only platform: the dataset's own columns of its merge table. */
    String liveOnlySelect(String schema, String mergeTable, List<String> columns);

    /** The current view of a forensic platform: only the versions still live. */
    String forensicLiveSelect(String schema, String mergeTable, List<String> columns);

    /**
     * Every version, with its batch range and the commit times that bound it: {@code ds_surf_valid_from}
     * (commit of {@code ds_surf_batch_in}) and {@code ds_surf_valid_to} (commit of the batch that
     * replaced or deleted it, {@code infinity} while it is current).
     */
    String historySelect(String schema, String mergeTable, String stream, List<String> columns);

    String createView(String schema, String view, String select);

    String createOrReplaceView(String schema, String view, String select);

    String dropView(String schema, String view);

    /** Comment holding the reconciler's marker; the marker is a literal. */
    String commentOnView(String schema, String view, String comment);

    /** A role's comment: one row (the comment, null when none) when the role exists. Bind the role name. */
    String roleComment();

    String createReaderRole(String role);

    /** Comment holding the reconciler's marker of a reader role; the marker is a literal. */
    String commentOnRole(String role, String comment);

    String grantSchemaUsage(String schema, String role);

    String grantSelect(String schema, String view, String role);
}

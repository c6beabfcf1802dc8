package io.datasurface.view.reconcile;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.naming.MergeColumns;
import io.datasurface.view.reconcile.Catalog.ExistingView;
import io.datasurface.view.sql.PostgresViewDialect;
import io.datasurface.view.sql.ViewDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes a platform's workspace views in the merge store exactly what its graph asks for: each view
 * is created, replaced when its definition differs, or left alone; views it made for exports that are
 * gone are dropped; with {@code grant}, each workspace's reader role may SELECT its views and nothing
 * else. Every view is made in a transaction of its own, so one that fails (its merge table missing,
 * say) leaves the others made and itself as it was.
 *
 * <p>It owns the connection while it works: it turns auto-commit off and pins the search path. One
 * reconciler at a time works on a view schema (a session advisory lock, waited for up to
 * {@code lockWaitSeconds}).
 */
public final class ViewReconciler {
    /** SQL states of a CREATE OR REPLACE that would drop, rename or retype a column: drop and create instead. */
    private static final Set<String> NEEDS_DROP = Set.of("42P16", "42804");
    private static final String DEPENDENTS = "2BP01";

    private final Connection connection;
    private final ViewDialect dialect;
    private final String viewSchema;
    private final boolean grant;
    private final int lockWaitSeconds;
    private final ViewPlanner planner;

    /**
     * @param viewSchema where the views go ({@code public} unless the operator says otherwise); made when missing
     * @param grant      whether each workspace's reader role gets SELECT on its views
     */
    public ViewReconciler(Connection connection, String viewSchema, boolean grant, int lockWaitSeconds) {
        this(connection, new PostgresViewDialect(), viewSchema, grant, lockWaitSeconds);
    }

    ViewReconciler(Connection connection, ViewDialect dialect, String viewSchema, boolean grant, int lockWaitSeconds) {
        this.connection = connection;
        this.dialect = dialect;
        this.viewSchema = viewSchema;
        this.grant = grant;
        this.lockWaitSeconds = lockWaitSeconds;
        this.planner = new ViewPlanner(dialect);
    }

    /** Every view of the platform, and drops the views of exports it no longer has. */
    public ReconcileReport reconcile(PlatformViews platform, Consumer<ViewOutcome> onOutcome) {
        return run(platform, e -> true, true, onOutcome);
    }

    /** Only the views of the exports in scope; drops nothing (for events that concern a few exports). */
    public ReconcileReport reconcile(PlatformViews platform, Predicate<ExportNode> scope,
                                     Consumer<ViewOutcome> onOutcome) {
        return run(platform, scope, false, onOutcome);
    }

    private ReconcileReport run(PlatformViews platform, Predicate<ExportNode> scope, boolean dropOrphans,
                                Consumer<ViewOutcome> onOutcome) {
        List<ViewOutcome> outcomes = new ArrayList<>();
        Consumer<ViewOutcome> record = o -> {
            outcomes.add(o);
            onOutcome.accept(o);
        };
        try {
            prepare();
            lock(true);
            boolean finished = false;
            try {
                Catalog catalog = Catalog.read(connection, dialect, viewSchema, platform.mergeSchema());
                Map<String, ViewSpec> wanted = new LinkedHashMap<>();
                for (ExportNode export : platform.exports()) {
                    if (scope.test(export)) {
                        planner.views(platform, export).forEach(v -> wanted.putIfAbsent(v.name(), v));
                    }
                }
                Set<String> rolesReady = new HashSet<>();
                ReaderRoles roles = new ReaderRoles(connection, dialect);
                for (ViewSpec view : wanted.values()) {
                    record.accept(make(view, platform.mergeSchema(), catalog, roles, rolesReady));
                }
                if (dropOrphans) {
                    Set<String> keep = new HashSet<>();
                    platform.exports().forEach(e -> planner.views(platform, e).forEach(v -> keep.add(v.name())));
                    for (ExistingView old : catalog.views.values()) {
                        if (!keep.contains(old.name()) && old.marker().isPresent()
                                && old.marker().get().ofPlatform(platform.platform())) {
                            record.accept(drop(old));
                        }
                    }
                }
                finished = true;
            } finally {
                try {
                    connection.rollback(); // a failure may have left a transaction open: unlock outside it
                    lock(false);
                } catch (SQLException e) {
                    if (finished) {
                        throw e;
                    } // else the failure that brought us here is the one to report
                }
            }
        } catch (SQLException e) {
            throw new DatasurfaceException("cannot reconcile the views of platform " + platform.platform() + ": "
                    + SqlFaults.message(e), SqlFaults.retriable(e), e);
        }
        return new ReconcileReport(platform.platform(), viewSchema, outcomes);
    }

    private void prepare() throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.fixSearchPath());
            s.execute(dialect.setLockTimeout(lockWaitSeconds));
            if (!schemaExists()) { // CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when it exists
                s.execute(dialect.createSchema(viewSchema));
            }
        }
        connection.setAutoCommit(false);
    }

    private boolean schemaExists() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.schemaExists())) {
            ps.setString(1, viewSchema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void lock(boolean take) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(take ? dialect.lockSchema() : dialect.unlockSchema())) {
            ps.setString(1, viewSchema);
            ps.execute();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (take && "55P03".equals(e.getSQLState())) {
                throw new DatasurfaceException("another reconciler has been working on the views of schema "
                        + viewSchema + " for " + lockWaitSeconds + " s; try again when it is done", true, e);
            }
            throw e;
        }
    }

    private ViewOutcome make(ViewSpec view, String mergeSchema, Catalog catalog, ReaderRoles roles,
                             Set<String> rolesReady) throws SQLException {
        String missing = missingParts(view, mergeSchema, catalog);
        if (missing != null) {
            return new ViewOutcome(view.name(), view.exportKey(), ViewAction.FAILED, missing, true);
        }
        ExistingView existing = catalog.views.get(view.name());
        if (existing != null && existing.marker().isEmpty()) {
            return new ViewOutcome(view.name(), view.exportKey(), ViewAction.FAILED, "a view of this name exists in "
                    + "schema " + viewSchema + " that DataSurface/J did not make; drop or rename it");
        }
        if (grant) { // also when the grant exists: a role someone else made is reported, never silently kept
            String refusal = roles.refusal(view.readerRole());
            if (refusal != null) {
                connection.rollback();
                return new ViewOutcome(view.name(), view.exportKey(), ViewAction.FAILED, refusal);
            }
        }
        String modelDigest = ViewMarker.digest(view.select());
        boolean upToDate = existing != null && existing.marker().get().exportKey().equals(view.exportKey())
                && existing.marker().get().modelDigest().equals(modelDigest)
                && existing.marker().get().catalogDigest().equals(existing.digest());
        boolean needsGrant = grant && !catalog.grants.contains(Catalog.grantKey(view.name(), view.readerRole().name()));
        if (upToDate && !needsGrant) {
            return new ViewOutcome(view.name(), view.exportKey(), ViewAction.UNCHANGED, null);
        }
        try {
            if (!upToDate) {
                define(view, existing != null, modelDigest);
            }
            String refusal = grant ? grantTo(view, roles, rolesReady) : null;
            if (refusal != null) {
                connection.rollback();
                roles.forget(view.readerRole());
                return new ViewOutcome(view.name(), view.exportKey(), ViewAction.FAILED, refusal);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (grant) {
                roles.forget(view.readerRole());
                rolesReady.remove(view.readerRole().name());
            }
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e; // the connection is gone: no other view can be made either
            }
            return new ViewOutcome(view.name(), view.exportKey(), ViewAction.FAILED, reason(e));
        }
        ViewAction action = upToDate ? ViewAction.UNCHANGED : existing == null ? ViewAction.CREATED : ViewAction.UPDATED;
        return new ViewOutcome(view.name(), view.exportKey(), action, null);
    }

    /** Why the merge store cannot hold this view yet, or null when it can. */
    private static String missingParts(ViewSpec view, String mergeSchema, Catalog catalog) {
        Set<String> columns = catalog.tableColumns.get(view.mergeTable());
        if (columns == null) {
            return "merge table " + mergeSchema + "." + view.mergeTable() + " does not exist (its stream has not "
                    + "loaded a batch yet)";
        }
        List<String> lacking = view.requiredColumns().stream().filter(c -> !columns.contains(c)).toList();
        if (!lacking.isEmpty()) {
            return "merge table " + mergeSchema + "." + view.mergeTable() + " lacks column" + (lacking.size() > 1 ? "s " : " ")
                    + String.join(", ", lacking) + " (its stream has not loaded a batch under the current model yet)";
        }
        if (view.kind() == ViewKind.HISTORY && !catalog.tableColumns.containsKey(MergeColumns.BATCHES_TABLE)) {
            return "table " + mergeSchema + "." + MergeColumns.BATCHES_TABLE + " does not exist";
        }
        return null;
    }

    private void define(ViewSpec view, boolean exists, String modelDigest) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (!exists) {
                s.execute(dialect.createView(viewSchema, view.name(), view.select()));
            } else {
                Savepoint before = connection.setSavepoint();
                try {
                    s.execute(dialect.createOrReplaceView(viewSchema, view.name(), view.select()));
                } catch (SQLException e) {
                    if (!NEEDS_DROP.contains(e.getSQLState())) {
                        throw e;
                    }
                    // a column removed, moved or retyped: CREATE OR REPLACE cannot do that
                    connection.rollback(before);
                    s.execute(dialect.dropView(viewSchema, view.name()));
                    s.execute(dialect.createView(viewSchema, view.name(), view.select()));
                }
            }
            s.execute(dialect.revokeFromPublic(viewSchema, view.name()));
            String catalogDigest = digestOf(view.name());
            s.execute(dialect.commentOnView(viewSchema, view.name(),
                    new ViewMarker(view.exportKey(), view.kind(), modelDigest, catalogDigest).comment()));
        }
    }

    private String digestOf(String view) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.viewDigest())) {
            ps.setString(1, viewSchema);
            ps.setString(2, view);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("view " + viewSchema + "." + view + " vanished while it was being made");
                }
                return rs.getString(1);
            }
        }
    }

    /** Grants the view to its workspace's reader role, made when missing; returns why not, or null. */
    private String grantTo(ViewSpec view, ReaderRoles roles, Set<String> rolesReady) throws SQLException {
        String role = view.readerRole().name();
        try (Statement s = connection.createStatement()) {
            if (!rolesReady.contains(role)) {
                String refusal = roles.ensure(view.readerRole());
                if (refusal != null) {
                    return refusal;
                }
                s.execute(dialect.grantSchemaUsage(viewSchema, role));
            }
            s.execute(dialect.grantSelect(viewSchema, view.name(), role));
        }
        rolesReady.add(role);
        return null;
    }

    private ViewOutcome drop(ExistingView old) throws SQLException {
        String export = old.marker().orElseThrow().exportKey();
        try (Statement s = connection.createStatement()) {
            s.execute(dialect.dropView(viewSchema, old.name()));
            connection.commit();
            return new ViewOutcome(old.name(), export, ViewAction.DROPPED, null);
        } catch (SQLException e) {
            connection.rollback();
            return new ViewOutcome(old.name(), export, ViewAction.FAILED, "cannot drop it: " + reason(e));
        }
    }

    private static String reason(SQLException e) {
        String m = SqlFaults.message(e);
        if (DEPENDENTS.equals(e.getSQLState())) {
            m += " (other views depend on it: drop them, let the reconciler make it, then make them again)";
        }
        return m;
    }
}

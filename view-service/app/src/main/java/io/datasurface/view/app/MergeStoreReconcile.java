package io.datasurface.view.app;

import io.agroal.api.AgroalDataSource;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.view.reconcile.PlatformViews;
import io.datasurface.view.reconcile.ReconcileReport;
import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.reconcile.ViewOutcome;
import io.datasurface.view.reconcile.ViewReconciler;
import io.datasurface.view.service.ViewWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/** Runs the reconciler against the merge store (the datasource), logging one line per view it touches. */
@ApplicationScoped
class MergeStoreReconcile implements ViewWork.Reconcile {
    private static final Logger LOG = Logger.getLogger(MergeStoreReconcile.class);

    private final AgroalDataSource dataSource;
    private final ViewServiceConfig config;

    MergeStoreReconcile(AgroalDataSource dataSource, ViewServiceConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Override
    public ReconcileReport run(PlatformViews views, Predicate<ExportNode> scope) {
        try (Connection c = dataSource.getConnection()) {
            ViewReconciler reconciler = new ViewReconciler(c, config.viewSchema(), config.grant(), config.lockWaitSeconds());
            ReconcileReport report = scope == null ? reconciler.reconcile(views, MergeStoreReconcile::log)
                    : reconciler.reconcile(views, scope, MergeStoreReconcile::log);
            LOG.infof("platform %s: %d created, %d updated, %d up to date, %d dropped, %d failed", views.platform(),
                    report.count(ViewAction.CREATED), report.count(ViewAction.UPDATED),
                    report.count(ViewAction.UNCHANGED), report.count(ViewAction.DROPPED), report.count(ViewAction.FAILED));
            return report;
        } catch (SQLException e) {
            DatasurfaceException unreachable = new DatasurfaceException("cannot reach the merge store: "
                    + SqlFaults.message(e), true, e);
            LOG.warnf("platform %s: %s (retrying)", views.platform(), unreachable.getMessage());
            throw unreachable;
        } catch (DatasurfaceException e) {
            LOG.warnf("platform %s: %s (retrying)", views.platform(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // health shows only its kind (DatasurfaceException.describeWithoutData): its message is here
            LOG.error("platform " + views.platform() + ": the views could not be reconciled (retrying)", e);
            throw e;
        }
    }

    private static void log(ViewOutcome o) {
        if (o.action() == ViewAction.FAILED && !o.awaitsData()) {
            LOG.warn(o.line());
        } else if (o.action() == ViewAction.FAILED) {
            // expected until the stream's first batch makes the merge table: made as soon as it commits
            LOG.info(o.line() + " (waiting for its stream's first batch)");
        } else if (o.action() != ViewAction.UNCHANGED) {
            LOG.info(o.line());
        }
    }
}

package io.datasurface.merge.live;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeRunner;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Live-only semantics: after batch b the merge table holds exactly the source's current rows; an
 * unchanged row keeps its {@code ds_surf_batch_id}, a new or changed row gets b, a row missing from a
 * FULL batch (or deleted in a DELTA batch) is deleted.
 */
public final class LiveMerge {
    private LiveMerge() {
    }

    public static DatasetCounts merge(Dialect dialect, Connection c, DatasetTables t, BatchKind kind, long batchId,
                                      long total) throws SQLException {
        return MergeRunner.merge(dialect, c, t, Milestoning.LIVE_ONLY, kind,
                kind == BatchKind.FULL ? dialect.liveFull(t) : dialect.liveDelta(t), batchId, total);
    }
}

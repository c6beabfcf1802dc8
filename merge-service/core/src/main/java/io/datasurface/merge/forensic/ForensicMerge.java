package io.datasurface.merge.forensic;

import io.datasurface.merge.sql.Dialect;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeRunner;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Forensic semantics: after batch b, a changed key's current version is closed with
 * {@code ds_surf_batch_out = b-1} and a new version opened with {@code ds_surf_batch_in = b}; a deleted
 * key's version is closed at b-1; a key that comes back opens a new version; unchanged rows are not
 * touched. Current versions have {@code ds_surf_batch_out = 2147483647}.
 */
public final class ForensicMerge {
    private ForensicMerge() {
    }

    public static DatasetCounts merge(Dialect dialect, Connection c, DatasetTables t, BatchKind kind, long batchId,
                                      long total) throws SQLException {
        return MergeRunner.merge(dialect, c, t, Milestoning.FORENSIC, kind,
                kind == BatchKind.FULL ? dialect.forensicFull(t) : dialect.forensicDelta(t), batchId, total);
    }
}

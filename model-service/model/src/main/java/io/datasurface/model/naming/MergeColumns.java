package io.datasurface.model.naming;

/**
 * Names the merge store gives what it adds: the columns next to a dataset's own, and the tables of each
 * platform's schema that the merge-service writes and the views read.
 */
public final class MergeColumns {
    /** Live-only merge tables: the batch that last inserted or changed the row. */
    public static final String BATCH_ID = "ds_surf_batch_id";
    /** Forensic merge tables: the batch that opened this version. */
    public static final String BATCH_IN = "ds_surf_batch_in";
    /** Forensic merge tables: the last batch in which this version was current; {@link #LIVE} while it is. */
    public static final String BATCH_OUT = "ds_surf_batch_out";
    /** Hash of the row's values, for change detection (see {@code RowHasher}). */
    public static final String ALL_HASH = "ds_surf_all_hash";
    /** Staging tables: {@code U} (a row of a snapshot, or an insert or update) or {@code D} (a delete). */
    public static final String OP = "ds_surf_op";
    /** Staging tables: order of the changes within a batch; the last change of a key wins. */
    public static final String SEQ = "ds_surf_seq";
    /** {@code ds_surf_batch_out} of a version that is still current. */
    public static final int LIVE = Integer.MAX_VALUE;

    /** Each platform schema's table of batches: stream, batch id, status, counts, commit time. */
    public static final String BATCHES_TABLE = "batches";
    /** Each platform schema's table of the ingest topic's offsets, stored with the merges. */
    public static final String OFFSETS_TABLE = "offsets";

    public static final String OP_UPSERT = "U";
    public static final String OP_DELETE = "D";

    private MergeColumns() {
    }
}

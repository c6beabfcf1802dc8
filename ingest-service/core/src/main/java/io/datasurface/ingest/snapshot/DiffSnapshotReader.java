package io.datasurface.ingest.snapshot;

import io.datasurface.ingest.jdbc.JdbcValues;
import io.datasurface.ingest.jdbc.KeysetScan;
import io.datasurface.ingest.jdbc.SourceSession;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSink;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.batch.RowHasher;
import io.datasurface.model.batch.ValueText;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.fault.SqlFaults;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.json.Json;
import io.datasurface.model.naming.MergeColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Snapshot batches that carry only what changed: a DELTA of the rows whose content differs from the merge store's
 * and of the keys the source no longer has, instead of a FULL batch of every row. Merged, it gives the merge tables
 * exactly what the FULL batch would.
 *
 * <p>The merge store is the digest: its current rows' keys and change hashes ({@code ds_surf_all_hash}). Each source
 * row is hashed as the merge-service hashes it ({@link RowHasher}) and sent only when its key is new or its hash
 * differs, and the keys the source does not show are sent as deletes. A dataset whose key is one integer column is
 * compared with its merge table in key order, both read at once ({@link SortedDiff}), its deletes written as the
 * source passes over them; any other dataset's digest is read into memory when the step begins ({@link Digest}),
 * and its deletes are sent after all the rows. The digest is the
 * committed state of the stream, so nothing has to be reconciled with it; a batch is a diff only when the merge
 * store's last committed batch of the stream has the datasets' current schemas and, when the caller told the batch
 * ({@link #opening}), is the one just before it (otherwise {@link #kind} is FULL, and the batch is an ordinary
 * snapshot). A step that resumes a diff batch reads the digest again (it does
 * not change while the batch is open) and, for the deletes, the source's keys.
 *
 * <p>Restart points: {@code rows <snapshot restart point>} while the rows (and the integer-key datasets' deletes)
 * are compared, {@code deletes <n> <k>} while the deletes of the n-th dataset (not one with an integer key) are
 * written, k of its merge table's keys (in key order) done.
 */
public final class DiffSnapshotReader implements BatchSource {
    private static final System.Logger LOG = System.getLogger(DiffSnapshotReader.class.getName());
    /**
     * More current rows than this in the merge table of a dataset whose key is not one integer column: FULL batches
     * (its digest would take more than about 1 GiB).
     */
    static final int MAX_ROWS = 20_000_000;
    /** More keys gone than this: the deletes read all the merge table's keys instead of asking for theirs. */
    private static final int MAX_FILTER = 1_000_000;
    private static final String ROWS = "rows ";
    private static final String DELETES = "deletes ";

    private final IngestionNode node;
    private final SnapshotReader snapshot;
    private final Connection mergeStore;
    private final String schema;
    private final Milestoning milestoning;
    private final int chunkRows;
    private final Map<String, DatasetHashing> hashing = new HashMap<>();
    private BatchKind kind;
    private Long batchId;
    private Map<String, Digest> digests;

    /**
     * @param source     an open connection to the source; the reader owns it
     * @param mergeStore an open connection to the merge store holding the stream's platform schema; the reader owns
     *                   it and only reads
     */
    public DiffSnapshotReader(IngestionNode node, Connection source, int chunkRows, Connection mergeStore, String schema,
                              Milestoning milestoning) {
        this.node = node;
        this.snapshot = new SnapshotReader(node, source, chunkRows);
        this.mergeStore = mergeStore;
        this.schema = schema;
        this.milestoning = milestoning;
        this.chunkRows = chunkRows;
        node.datasets().forEach(d -> hashing.put(d.name(), DatasetHashing.of(d)));
    }

    /** The batch is a diff only when the merge store has committed the one just before it. */
    @Override
    public void opening(long batchId) {
        this.batchId = batchId;
    }

    /** DELTA when the merge store can be the digest of this batch (and is read now), FULL otherwise. */
    @Override
    public BatchKind kind() {
        if (kind == null) {
            kind = digestUsable() && loadDigests() ? BatchKind.DELTA : BatchKind.FULL;
        }
        return kind;
    }

    @Override
    public void check() {
        snapshot.check();
    }

    @Override
    public ReadOutcome read(String restartPoint, String previousPosition, int maxChunks, BatchSink sink) {
        if (kind() == BatchKind.FULL) {
            return snapshot.read(restartPoint, previousPosition, maxChunks, sink);
        }
        int budget = maxChunks;
        int firstDeletes = 0;
        long skip = 0;
        boolean seenAll = false;
        if (restartPoint == null || restartPoint.startsWith(ROWS)) {
            String inner = restartPoint == null ? null : restartPoint.substring(ROWS.length());
            Changes changes = new Changes(sink);
            try (SortedDiff sorted = sortedDiff(SnapshotRestart.parse(inner), changes)) {
                changes.sorted = sorted;
                ReadOutcome rows = snapshot.read(inner, previousPosition, maxChunks, changes);
                if (!rows.finished()) {
                    return rows;
                }
                sorted.finish();
            }
            budget -= changes.checkpoints;
            seenAll = restartPoint == null; // every key was compared in this step
        } else if (restartPoint.matches(DELETES + "\\d+ \\d+")) {
            String[] at = restartPoint.substring(DELETES.length()).split(" ");
            firstDeletes = Integer.parseInt(at[0]);
            skip = Long.parseLong(at[1]);
        } else {
            throw new DatasurfaceException("stream " + node.key() + ": restart point '" + restartPoint + "' is not one of "
                    + "a diff snapshot; start the stream again: POST /streams/" + node.key() + "/restart", false);
        }
        List<DatasetSpec> datasets = node.datasets();
        for (int i = firstDeletes; i < datasets.size(); i++) {
            DatasetSpec d = datasets.get(i);
            Digest digest = digests.get(d.name());
            if (digest == null) {
                continue; // an integer key: its deletes were written with its rows (SortedDiff)
            }
            if (!seenAll) {
                scanKeys(d, digest);
            }
            boolean done = seenAll ? unshownDeletes(d, i, digest, Math.max(1, budget), sink)
                    : deletes(d, i, digest, i == firstDeletes ? skip : 0, Math.max(1, budget), sink);
            if (!done) {
                return ReadOutcome.keepWorking();
            }
        }
        return ReadOutcome.finished(null);
    }

    @Override
    public void close() {
        snapshot.close();
        try {
            mergeStore.close();
        } catch (SQLException ignored) {
            // only read from: nothing to lose
        }
    }

    /**
     * The step's diff when it starts at the snapshot's restart point: the datasets with an integer key are compared
     * in key order, the others through their {@link Digest}.
     */
    private SortedDiff sortedDiff(SnapshotRestart from, Changes changes) {
        List<DatasetSpec> datasets = node.datasets();
        int start = 0;
        Long after = null;
        if (from != null) {
            start = IntStream.range(0, datasets.size()).filter(i -> datasets.get(i).name().equals(from.dataset()))
                    .findFirst().orElse(0); // the snapshot reader refuses a restart point of no dataset
            DatasetHashing h = hashing.get(datasets.get(start).name());
            if (h.integerKey() && from.after().size() == 1 && from.after().get(0).canConvertToLong()) {
                after = from.after().get(0).asLong();
            }
        }
        return new SortedDiff(datasets, hashing, mergeStore, schema, milestoning, chunkRows, node.key(), start, after,
                changes);
    }

    /**
     * Passes on the rows the merge store does not hold as they are, and every checkpoint; the deletes of the
     * integer-key datasets come from {@link SortedDiff} in between.
     */
    private final class Changes implements BatchSink, SortedDiff.Out {
        private final BatchSink sink;
        private final Map<String, Integer> index = new HashMap<>();
        SortedDiff sorted;
        int checkpoints;
        /** Rows and deletes written since the last checkpoint. */
        private int written;

        Changes(BatchSink sink) {
            this.sink = sink;
            for (int i = 0; i < node.datasets().size(); i++) {
                index.put(node.datasets().get(i).name(), i);
            }
        }

        @Override
        public void row(String dataset, Object[] values) {
            DatasetHashing h = hashing.get(dataset);
            boolean send;
            if (h.integerKey()) {
                send = sorted.row(index.get(dataset), h, values, h.rows().hash(values));
            } else {
                sorted.reach(index.get(dataset));
                Object[] key = h.keyOf(values);
                long hash = h.keyHash(key);
                Digest.Match match = digests.get(dataset).show(hash, h.keyRest(), h.rows().hash(values));
                if (match == Digest.Match.SHOWN_TWICE) {
                    throw shownTwice(h, dataset, key);
                }
                send = match != Digest.Match.UNCHANGED;
            }
            if (send) {
                written++;
                sink.row(dataset, values);
            }
        }

        @Override
        public void delete(String dataset, Object[] values) {
            sink.delete(dataset, values);
        }

        @Override
        public void delete(String dataset, Object[] values, Supplier<String> restartPoint) {
            sink.delete(dataset, values);
            if (++written >= chunkRows) {
                checkpoint(restartPoint.get());
            }
        }

        @Override
        public void checkpoint(String restartPoint) {
            checkpoints++;
            written = 0;
            sink.checkpoint(ROWS + restartPoint);
        }
    }

    /** The refusal of a snapshot that holds a key twice, as a FULL batch's merge says it. */
    static DatasurfaceException shownTwice(DatasetHashing h, String dataset, Object[] key) {
        List<String> names = IntStream.of(h.keyIndexes()).mapToObj(i -> h.dataset().columns().get(i).name()).toList();
        List<String> values = IntStream.range(0, key.length)
                .mapToObj(i -> ValueText.literal(h.keyTypes()[i].kind(), key[i])).toList();
        String columns = "(" + String.join(", ", names) + ")";
        return DatasurfaceException.keyTwice("dataset '" + dataset + "'",
                columns + "=(" + String.join(", ", values) + ")", columns, null);
    }

    /** Marks every key the source has now as seen. */
    private void scanKeys(DatasetSpec d, Digest digest) {
        DatasetHashing h = hashing.get(d.name());
        SourceSession session = snapshot.session();
        try {
            SourceTable table = session.tables(node, false).stream().filter(t -> t.dataset().name().equals(d.name()))
                    .findFirst().orElseThrow();
            List<ColumnSpec> keyColumns = IntStream.of(h.keyIndexes()).mapToObj(i -> d.columns().get(i)).toList();
            DatasetSpec keysOnly = new DatasetSpec(d.name(), d.mergeTable(), d.stagingTable(), null, keyColumns,
                    d.fingerprint());
            SourceTable keys = new SourceTable(keysOnly, table.name(), table.qualifiedName(), table.keyColumns(),
                    IntStream.range(0, keyColumns.size()).boxed().toList(), null);
            digest.forgetShown();
            new KeysetScan(session, new BatchSink() {
                @Override
                public void row(String dataset, Object[] key) {
                    digest.markShown(h.keyHash(key), h.keyRest());
                }

                @Override
                public void delete(String dataset, Object[] values) {
                    throw new IllegalStateException("a key scan reads rows only");
                }

                @Override
                public void checkpoint(String restartPoint) {
                    // keys only: nothing to make durable
                }
            }, chunkRows, Integer.MAX_VALUE, (t, k) -> "").scan(keys, null, null);
        } catch (SQLException e) {
            throw session.fault("reading the keys of dataset " + d.name() + " of stream " + node.key(), e);
        } finally {
            session.end();
        }
    }

    /**
     * Writes a delete for each key of the merge table the source did not show, in key order after the first
     * {@code skip} keys, with a checkpoint after every {@code chunkRows} (its restart point counts the keys done: the
     * merge table does not change while the batch is open); false when {@code budget} checkpoints were made and the
     * step must yield.
     */
    private boolean deletes(DatasetSpec d, int index, Digest digest, long skip, int budget, BatchSink sink) {
        Deletes deletes = new Deletes(d, digest, budget, sink);
        long[] done = {skip};
        try {
            return scanDigest(d, skip, null, (key, row) -> {
                done[0]++; // every key of the merge table counts towards the restart point
                return deletes.ofUnshown(key, () -> DELETES + index + " " + done[0]);
            });
        } catch (SQLException e) {
            throw mergeStoreFault("reading the keys of " + schema + "." + d.mergeTable(), e);
        }
    }

    /**
     * The deletes when this step showed every key: only the merge table's rows whose change hash is one of the keys
     * not shown are read (the merge store filters them), so a batch with few deletes does not read the merge table's
     * keys again. Its checkpoints cannot count keys in key order: their restart point has the next step write the
     * dataset's deletes again from its first key ({@link #deletes}); false when {@code budget} checkpoints were made.
     */
    private boolean unshownDeletes(DatasetSpec d, int index, Digest digest, int budget, BatchSink sink) {
        long[] hashes = digest.unshownRows();
        if (hashes.length == 0) {
            return true;
        }
        if (hashes.length > MAX_FILTER) {
            return deletes(d, index, digest, 0, budget, sink);
        }
        Deletes deletes = new Deletes(d, digest, budget, sink);
        try {
            Long[] filter = java.util.Arrays.stream(hashes).boxed().toArray(Long[]::new);
            // a row of a hash asked for whose key the source showed (same content) is passed over
            return scanDigest(d, -1, mergeStore.createArrayOf("bigint", filter),
                    (key, row) -> deletes.ofUnshown(key, () -> DELETES + index + " 0"));
        } catch (SQLException e) {
            throw mergeStoreFault("reading the keys of " + schema + "." + d.mergeTable(), e);
        }
    }

    /** Writes the deletes of one dataset's keys the source did not show, with a checkpoint every {@code chunkRows}. */
    private final class Deletes {
        private final DatasetSpec dataset;
        private final DatasetHashing hashing;
        private final Digest digest;
        private final int budget;
        private final BatchSink sink;
        private int written;

        Deletes(DatasetSpec dataset, Digest digest, int budget, BatchSink sink) {
            this.dataset = dataset;
            this.hashing = DiffSnapshotReader.this.hashing.get(dataset.name());
            this.digest = digest;
            this.budget = budget;
            this.sink = sink;
        }

        /**
         * A delete of the key when the source did not show it; false when that made the step's last checkpoint (at
         * {@code restartPoint}, asked only then), so the step must yield.
         */
        boolean ofUnshown(Object[] key, Supplier<String> restartPoint) {
            if (!digest.unshown(hashing.keyHash(key), hashing.keyRest())) {
                return true;
            }
            Object[] values = new Object[dataset.columns().size()];
            for (int i = 0; i < key.length; i++) {
                values[hashing.keyIndexes()[i]] = key[i];
            }
            sink.delete(dataset.name(), values);
            if (++written % chunkRows == 0) {
                sink.checkpoint(restartPoint.get());
                return written / chunkRows < budget;
            }
            return true;
        }
    }

    /** Whether the merge store's last batch of the stream is committed with the datasets' current schemas. */
    private boolean digestUsable() {
        String sql = "SELECT batch_id, datasets::text FROM " + quote(schema) + ".batches WHERE stream = ? "
                + "AND status = 'COMMITTED' ORDER BY batch_id DESC LIMIT 1";
        try {
            mergeStore.setAutoCommit(false);
            mergeStore.setReadOnly(true);
            try (PreparedStatement ps = mergeStore.prepareStatement(sql)) {
                ps.setString(1, node.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false; // no batch committed yet: the first is FULL
                    }
                    if (batchId != null && rs.getLong(1) != batchId - 1) {
                        // a diff against an older batch misses rows that changed and changed back since
                        LOG.log(System.Logger.Level.INFO, "stream {0}: the merge store has batch {1} as its last "
                                + "committed, not {2}; batch {3} is a full snapshot", node.key(), rs.getLong(1),
                                batchId - 1, batchId);
                        return false;
                    }
                    List<DatasetSchema> committed = List.of(Json.read(rs.getString(2), DatasetSchema[].class));
                    List<DatasetSchema> now = node.datasets().stream()
                            .map(d -> new DatasetSchema(d.name(), d.fingerprint())).toList();
                    if (!committed.equals(now)) {
                        LOG.log(System.Logger.Level.INFO, "stream {0}: the datasets changed since the last batch; "
                                + "this batch is a full snapshot", node.key());
                        return false;
                    }
                    return true;
                }
            } finally {
                mergeStore.rollback();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false; // the platform schema is not there yet
            }
            throw mergeStoreFault("reading the batches of " + schema, e);
        }
    }

    /** Reads every dataset's digest; false when one is too big or holds a key twice (FULL then). */
    private boolean loadDigests() {
        Map<String, Digest> loaded = new HashMap<>();
        for (DatasetSpec d : node.datasets()) {
            DatasetHashing h = hashing.get(d.name());
            if (h.integerKey()) {
                continue; // compared in key order (SortedDiff)
            }
            Digest digest = new Digest(1 << 16);
            boolean[] usable = {true};
            try {
                scanDigest(d, (key, row) -> {
                    if (digest.size() >= MAX_ROWS || !digest.add(h.keyHash(key), h.keyRest(), row)) {
                        usable[0] = false;
                        return false;
                    }
                    return true;
                });
            } catch (SQLException e) {
                throw mergeStoreFault("reading the change hashes of " + schema + "." + d.mergeTable(), e);
            }
            if (!usable[0]) {
                LOG.log(System.Logger.Level.INFO, "stream {0}: dataset {1} has more than {2} current rows (or a key "
                        + "twice); this batch is a full snapshot", node.key(), d.name(), MAX_ROWS);
                return false;
            }
            loaded.put(d.name(), digest);
        }
        digests = loaded;
        return true;
    }

    /** Receives a current row's key and change hash; false stops the scan. */
    private interface DigestRow {
        boolean accept(Object[] key, long hash) throws SQLException;
    }

    /** Reads the key and change hash of each current row of the dataset's merge table; false when stopped. */
    private boolean scanDigest(DatasetSpec d, DigestRow each) throws SQLException {
        return scanDigest(d, -1, null, each);
    }

    /**
     * The same; in key order after the first {@code skip} rows when {@code skip} is not negative, and only the rows
     * whose change hash is in {@code hashes} (a bigint array) when that is not null.
     */
    private boolean scanDigest(DatasetSpec d, long skip, java.sql.Array hashes, DigestRow each) throws SQLException {
        DatasetHashing h = hashing.get(d.name());
        List<String> columns = new java.util.ArrayList<>();
        for (int i = 0; i < h.keyIndexes().length; i++) {
            String name = quote(d.columns().get(h.keyIndexes()[i]).name());
            columns.add(h.keyTypes()[i].kind().carriedAsText() ? "CAST(" + name + " AS text)" : name);
        }
        String orderBy = skip < 0 ? null : String.join(", ", IntStream.of(h.keyIndexes())
                .mapToObj(i -> quote(d.columns().get(i).name())).toList());
        String sql = currentRows(schema, milestoning, d.mergeTable(), String.join(", ", columns),
                hashes == null ? null : quote(MergeColumns.ALL_HASH) + " = ANY (?)", orderBy)
                + (skip < 0 ? "" : " OFFSET " + skip);
        mergeStore.setAutoCommit(false);
        try (PreparedStatement ps = mergeStore.prepareStatement(sql)) {
            ps.setFetchSize(chunkRows);
            if (hashes != null) {
                ps.setArray(1, hashes);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int k = h.keyIndexes().length;
                while (rs.next()) {
                    Object[] key = new Object[k];
                    for (int i = 0; i < k; i++) {
                        key[i] = JdbcValues.read(rs, i + 1, null, h.keyTypes()[i]);
                    }
                    if (!each.accept(key, rs.getLong(k + 1))) {
                        return false;
                    }
                }
                return true;
            }
        } finally {
            mergeStore.rollback();
        }
    }

    private DatasurfaceException mergeStoreFault(String doing, SQLException e) {
        return new DatasurfaceException(doing + " in the merge store failed: " + SqlFaults.message(e),
                SqlFaults.retriable(e), e);
    }

    /**
     * {@code SELECT <keys>, ds_surf_all_hash} of a merge table's current rows (forensic: its live versions), with a
     * further condition and an order when not null.
     */
    static String currentRows(String schema, Milestoning milestoning, String table, String keys, String condition,
                              String orderBy) {
        List<String> where = new java.util.ArrayList<>();
        if (milestoning == Milestoning.FORENSIC) {
            where.add(quote(MergeColumns.BATCH_OUT) + " = " + MergeColumns.LIVE);
        }
        if (condition != null) {
            where.add(condition);
        }
        return "SELECT " + keys + ", " + quote(MergeColumns.ALL_HASH) + " FROM " + quote(schema) + "." + quote(table)
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + (orderBy == null ? "" : " ORDER BY " + orderBy);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

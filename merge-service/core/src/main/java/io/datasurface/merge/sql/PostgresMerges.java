package io.datasurface.merge.sql;

import static io.datasurface.model.naming.MergeColumns.ALL_HASH;
import static io.datasurface.model.naming.MergeColumns.BATCH_ID;
import static io.datasurface.model.naming.MergeColumns.BATCH_IN;
import static io.datasurface.model.naming.MergeColumns.BATCH_OUT;
import static io.datasurface.model.naming.MergeColumns.LIVE;
import static io.datasurface.model.naming.MergeColumns.OP;
import static io.datasurface.model.naming.MergeColumns.OP_DELETE;
import static io.datasurface.model.naming.MergeColumns.SEQ;

import io.datasurface.merge.store.DatasetTables;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The merge statements of {@link PostgresDialect} (part of it, in a file of their own). Each computes
 * the differences between staging and the current rows once (a join), materializes only those, and
 * applies them with data-modifying CTEs; it returns one row: inserted, updated, deleted.
 */
final class PostgresMerges {
    private static final String CHANGE = "ds_surf_change";
    private final PostgresDialect d;
    private final boolean mergeBySource;

    PostgresMerges(PostgresDialect dialect, boolean mergeBySource) {
        this.d = dialect;
        this.mergeBySource = mergeBySource;
    }

    private String quote(String identifier) {
        return d.quote(identifier);
    }

    private String table(String schema, String table) {
        return d.table(schema, table);
    }

    private String list(List<String> items, Function<String, String> f) {
        return PostgresDialect.list(items, f);
    }

    MergeSql liveFull(DatasetTables t) {
        if (mergeBySource) {
            return liveFullMerge(t);
        }
        String source = table(t.schema(), t.stagingTable()) + " s";
        String current = table(t.schema(), t.mergeTable()) + " l";
        String diff = "SELECT " + prefixed("s", t.columnNames()) + ", s." + quote(ALL_HASH) + ", " + currentKeys(t)
                + ", CASE WHEN l." + firstKey(t) + " IS NULL THEN 'I' WHEN s." + firstKey(t) + " IS NULL THEN 'D' ELSE 'U' END AS "
                + CHANGE + " FROM " + source + " FULL JOIN " + current + " ON " + keyJoin(t, "s", "l")
                + " WHERE l." + firstKey(t) + " IS NULL OR s." + firstKey(t) + " IS NULL OR l." + quote(ALL_HASH)
                + " <> s." + quote(ALL_HASH);
        return liveApply(t, diff);
    }

    /** PostgreSQL 17: one MERGE joins staging and the merge table once and counts by action. */
    private MergeSql liveFullMerge(DatasetTables t) {
        List<String> cols = t.columnNames();
        String text = "WITH m AS (MERGE INTO " + table(t.schema(), t.mergeTable()) + " AS t USING "
                + table(t.schema(), t.stagingTable()) + " AS s ON " + keyJoin(t, "t", "s")
                + " WHEN MATCHED AND t." + quote(ALL_HASH) + " <> s." + quote(ALL_HASH) + " THEN UPDATE SET "
                + assignments(nonKeys(t), "s") + (nonKeys(t).isEmpty() ? "" : ", ") + quote(BATCH_ID) + " = ?, "
                + quote(ALL_HASH) + " = s." + quote(ALL_HASH)
                + " WHEN NOT MATCHED BY TARGET THEN INSERT (" + list(cols, this::quote) + ", " + quote(BATCH_ID) + ", "
                + quote(ALL_HASH) + ") VALUES (" + prefixed("s", cols) + ", ?, s." + quote(ALL_HASH) + ")"
                + " WHEN NOT MATCHED BY SOURCE THEN DELETE RETURNING merge_action() AS a) "
                + "SELECT count(*) FILTER (WHERE a = 'INSERT'), count(*) FILTER (WHERE a = 'UPDATE'), "
                + "count(*) FILTER (WHERE a = 'DELETE') FROM m";
        return new MergeSql(text, 2);
    }

    MergeSql liveDelta(DatasetTables t) {
        String current = table(t.schema(), t.mergeTable()) + " l";
        String diff = "SELECT " + prefixed("s", t.columnNames()) + ", s." + quote(ALL_HASH) + ", " + currentKeys(t)
                + ", CASE WHEN s." + quote(OP) + " = '" + OP_DELETE + "' THEN 'D' WHEN l." + firstKey(t)
                + " IS NULL THEN 'I' ELSE 'U' END AS " + CHANGE + " FROM (" + latest(t) + ") s LEFT JOIN " + current
                + " ON " + keyJoin(t, "s", "l") + " WHERE " + deltaChanged(t);
        return liveApply(t, diff);
    }

    /** Applies a diff of a live-only merge table: delete, update and insert only the rows that changed. */
    private MergeSql liveApply(DatasetTables t, String diff) {
        String target = table(t.schema(), t.mergeTable());
        List<String> cols = t.columnNames();
        String text = "WITH d AS MATERIALIZED (" + diff + "), "
                + "del AS (DELETE FROM " + target + " t USING d WHERE d." + CHANGE + " = 'D' AND " + currentKeyJoin(t, "t")
                + "), "
                + "upd AS (UPDATE " + target + " t SET " + assignments(nonKeys(t), "d") + (nonKeys(t).isEmpty() ? "" : ", ")
                + quote(BATCH_ID) + " = ?, " + quote(ALL_HASH) + " = d." + quote(ALL_HASH) + " FROM d WHERE d." + CHANGE
                + " = 'U' AND " + keyJoin(t, "t", "d") + "), "
                + "ins AS (INSERT INTO " + target + " (" + list(cols, this::quote) + ", " + quote(BATCH_ID) + ", "
                + quote(ALL_HASH) + ") SELECT " + prefixed("d", cols) + ", ?, d." + quote(ALL_HASH) + " FROM d WHERE d."
                + CHANGE + " = 'I') "
                + counts();
        return new MergeSql(text, 2);
    }

    MergeSql forensicFull(DatasetTables t) {
        String source = table(t.schema(), t.stagingTable()) + " s";
        String diff = "SELECT " + prefixed("s", t.columnNames()) + ", s." + quote(ALL_HASH) + ", " + currentKeys(t)
                + ", CASE WHEN l." + firstKey(t) + " IS NULL THEN 'I' WHEN s." + firstKey(t) + " IS NULL THEN 'D' ELSE 'U' END AS "
                + CHANGE + " FROM " + source + " FULL JOIN (" + currentVersions(t) + ") l ON " + keyJoin(t, "s", "l")
                + " WHERE l." + firstKey(t) + " IS NULL OR s." + firstKey(t) + " IS NULL OR l." + quote(ALL_HASH)
                + " <> s." + quote(ALL_HASH);
        return forensicApply(t, diff);
    }

    MergeSql forensicDelta(DatasetTables t) {
        String diff = "SELECT " + prefixed("s", t.columnNames()) + ", s." + quote(ALL_HASH) + ", " + currentKeys(t)
                + ", CASE WHEN s." + quote(OP) + " = '" + OP_DELETE + "' THEN 'D' WHEN l." + firstKey(t)
                + " IS NULL THEN 'I' ELSE 'U' END AS " + CHANGE + " FROM (" + latest(t) + ") s LEFT JOIN ("
                + currentVersions(t) + ") l ON " + keyJoin(t, "s", "l") + " WHERE " + deltaChanged(t);
        return forensicApply(t, diff);
    }

    /**
     * Applies a diff of a forensic merge table: the current version of a changed or deleted key is closed
     * at batch - 1; a new or changed key gets a new version opened at batch.
     */
    private MergeSql forensicApply(DatasetTables t, String diff) {
        String target = table(t.schema(), t.mergeTable());
        List<String> cols = t.columnNames();
        String text = "WITH d AS MATERIALIZED (" + diff + "), "
                + "closed AS (UPDATE " + target + " t SET " + quote(BATCH_OUT) + " = ? - 1 FROM d WHERE d." + CHANGE
                + " IN ('U', 'D') AND " + currentKeyJoin(t, "t") + " AND t." + quote(BATCH_OUT) + " = " + LIVE + "), "
                + "opened AS (INSERT INTO " + target + " (" + list(cols, this::quote) + ", " + quote(BATCH_IN) + ", "
                + quote(BATCH_OUT) + ", " + quote(ALL_HASH) + ") SELECT " + prefixed("d", cols) + ", ?, " + LIVE + ", d."
                + quote(ALL_HASH) + " FROM d WHERE d." + CHANGE + " IN ('I', 'U')) "
                + counts();
        return new MergeSql(text, 2);
    }

    private String counts() {
        return "SELECT count(*) FILTER (WHERE " + CHANGE + " = 'I'), count(*) FILTER (WHERE " + CHANGE + " = 'U'), "
                + "count(*) FILTER (WHERE " + CHANGE + " = 'D') FROM d";
    }

    /** The last change of each key in a DELTA batch. */
    private String latest(DatasetTables t) {
        return "SELECT DISTINCT ON (" + list(t.keys(), this::quote) + ") * FROM " + table(t.schema(), t.stagingTable())
                + " ORDER BY " + list(t.keys(), this::quote) + ", " + quote(SEQ) + " DESC";
    }

    /** A delete of a present key, or an upsert of an absent or different row. */
    private String deltaChanged(DatasetTables t) {
        return "(s." + quote(OP) + " = '" + OP_DELETE + "' AND l." + firstKey(t) + " IS NOT NULL) OR (s." + quote(OP)
                + " <> '" + OP_DELETE + "' AND (l." + firstKey(t) + " IS NULL OR l." + quote(ALL_HASH) + " <> s."
                + quote(ALL_HASH) + "))";
    }

    private String currentVersions(DatasetTables t) {
        return "SELECT " + list(t.keys(), this::quote) + ", " + quote(ALL_HASH) + " FROM "
                + table(t.schema(), t.mergeTable()) + " WHERE " + quote(BATCH_OUT) + " = " + LIVE;
    }

    /** The current row's key columns in a diff, as ds_surf_lk1, ds_surf_lk2, … */
    private String currentKeys(DatasetTables t) {
        return IntStream.range(0, t.keys().size()).mapToObj(i -> "l." + quote(t.keys().get(i)) + " AS "
                + quote("ds_surf_lk" + (i + 1))).collect(Collectors.joining(", "));
    }

    private String currentKeyJoin(DatasetTables t, String alias) {
        return IntStream.range(0, t.keys().size()).mapToObj(i -> alias + "." + quote(t.keys().get(i)) + " = d."
                + quote("ds_surf_lk" + (i + 1))).collect(Collectors.joining(" AND "));
    }

    private String firstKey(DatasetTables t) {
        return quote(t.keys().get(0));
    }

    private List<String> nonKeys(DatasetTables t) {
        return t.columnNames().stream().filter(c -> !t.keys().contains(c)).toList();
    }

    private String keyJoin(DatasetTables t, String a, String b) {
        return t.keys().stream().map(k -> a + "." + quote(k) + " = " + b + "." + quote(k))
                .collect(Collectors.joining(" AND "));
    }

    private String assignments(List<String> columns, String from) {
        return columns.stream().map(c -> quote(c) + " = " + from + "." + quote(c)).collect(Collectors.joining(", "));
    }

    private String prefixed(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
    }
}

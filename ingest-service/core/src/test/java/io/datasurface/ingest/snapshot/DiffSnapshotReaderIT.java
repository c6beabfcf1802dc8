package io.datasurface.ingest.snapshot;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.merge.job.StepOutcome;
import io.datasurface.merge.job.StepResult;
import io.datasurface.merge.job.StreamStep;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.graph.IngestionNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots that carry only what changed: each batch goes through {@link StreamStep} (run-job's merge) into a
 * platform schema of its own, while the same source goes as FULL batches into a twin schema; after every batch the
 * two merge tables must be the same, row for row (forensic: version for version), and the diff batch must have
 * carried only the changed rows and the deleted keys. With an integer key the rows and the merge table are compared
 * in key order ({@link SortedDiff}); with a text key through a {@link Digest}: each source runs with an integer key,
 * two also with a text key.
 */
@ParameterizedClass(name = "{0}, key {1}")
@MethodSource("sourcesAndKeys")
class DiffSnapshotReaderIT {
    @Parameter(0)
    SourceDb.Kind kind;
    @Parameter(1)
    String keyType;

    static Stream<Arguments> sourcesAndKeys() {
        return Stream.concat(Stream.of(SourceDb.Kind.values()).map(k -> Arguments.of(k, "integer")),
                Stream.of(SourceDb.Kind.H2_MEMORY, SourceDb.Kind.POSTGRES_17).map(k -> Arguments.of(k, "varchar(12)")));
    }

    static final String INITIAL_ROWS = "INSERT INTO items VALUES (1, 'one', 1.50, 'a'), (2, 'two', 2.00, NULL), "
            + "(3, 'three', NULL, 'c'), (4, 'four', 4.25, 'd'), (5, 'five', 5.00, 'e'), (6, 'six', 6.00, 'f')";

    SourceDb source;
    SourceDb merge;
    IngestionNode node;

    @BeforeEach
    void setUp(@TempDir Path directory) {
        source = kind.open(directory);
        merge = SourceDb.postgres(PostgresVersion.V17);
        source.execute("CREATE TABLE items (id " + keyType + " PRIMARY KEY, name varchar(40) NOT NULL, "
                + "amount decimal(10,2), note varchar(100))", INITIAL_ROWS);
        node = Streams.snapshot("shop").dataset("items", key("id", keyType), col("name", "varchar(40)"),
                col("amount", "decimal(10,2)"), col("note", "varchar(100)")).node();
    }

    @Test
    void eachDiffBatchLeavesTheMergeTablesAsAFullBatchWouldAndCarriesOnlyWhatChanged() throws Exception {
        for (Milestoning m : Milestoning.values()) {
            String tag = m.name().toLowerCase();
            source.execute("DELETE FROM items", INITIAL_ROWS);
            assertThat(both(m, 50, 100)).as("the first batch has nothing to compare with").isEqualTo(BatchKind.FULL);
            assertSame(m);

            source.execute("UPDATE items SET name = 'TWO', note = 'b' WHERE id = '2'", // changed
                    "UPDATE items SET amount = 3.10 WHERE id = '3'", // changed, NULL → a value
                    "UPDATE items SET amount = 4.250 WHERE id = '4'", // the same value in another spelling: unchanged
                    "DELETE FROM items WHERE id = '5'",
                    "INSERT INTO items VALUES (7, 'seven', 7.00, NULL)");
            assertThat(both(m, 50, 100)).isEqualTo(BatchKind.DELTA);
            assertSame(m);
            assertThat(loaded("diff_" + tag, 2)).as("rows 2, 3 and 7, and the delete of 5").isEqualTo("{\"items\": 4}");

            source.execute("UPDATE items SET name = 'two', note = NULL WHERE id = '2'", // back to how it was in batch 1
                    "INSERT INTO items VALUES (5, 'five', 5.00, 'e')"); // and back again
            assertThat(both(m, 50, 100)).isEqualTo(BatchKind.DELTA);
            assertSame(m);
            assertThat(loaded("diff_" + tag, 3)).isEqualTo("{\"items\": 2}");

            assertThat(both(m, 50, 100)).as("nothing changed").isEqualTo(BatchKind.DELTA);
            assertSame(m);
            assertThat(loaded("diff_" + tag, 4)).isEqualTo("{}");
        }
    }

    @Test
    void aDiffBatchReadInManySmallStepsResumesWhereItStopped() throws Exception {
        source.execute("INSERT INTO items SELECT x, 'n' || x, x, NULL FROM " + series(7, 40));
        for (Milestoning m : Milestoning.values()) {
            both(m, 3, 1);
            source.execute("UPDATE items SET note = 'changed' WHERE MOD(" + id() + ", 3) = 0",
                    "DELETE FROM items WHERE MOD(" + id() + ", 4) = 1");
            // rows in chunks of 3, one chunk a step: the rows, then the deletes, each resumed step after step
            assertThat(both(m, 3, 1)).isEqualTo(BatchKind.DELTA);
            assertSame(m);
            // the rows in one step, and the deletes over the next steps: the first step has budget for one chunk of them
            int rows = ((Number) source.query("SELECT count(*) FROM items").get(0).get(0)).intValue();
            source.execute("DELETE FROM items WHERE MOD(" + id() + ", 5) = 2");
            assertThat(both(m, 3, rows / 3 + 1)).isEqualTo(BatchKind.DELTA);
            assertSame(m);
            // the last keys (in integer order) gone: deletes after the source's last row, more than a chunk of them
            source.execute("DELETE FROM items WHERE " + id() + " > 30");
            assertThat(both(m, 3, 1)).isEqualTo(BatchKind.DELTA);
            assertSame(m);
            source.execute("INSERT INTO items SELECT x, 'again ' || x, NULL, NULL FROM " + series(41, 50)
                    + " WHERE MOD(x, 4) = 1");
        }
    }

    @Test
    void severalDatasetsWithKeysOfEveryKindAndSomeEmptiedGiveWhatFullBatchesGive() throws Exception {
        source.execute("CREATE TABLE alpha (id bigint PRIMARY KEY, v varchar(20))",
                "CREATE TABLE beta (id smallint PRIMARY KEY, v varchar(20))",
                "CREATE TABLE gamma (code varchar(10) PRIMARY KEY, v varchar(20))",
                "CREATE TABLE delta (id " + keyType + " PRIMARY KEY, v varchar(20))",
                "INSERT INTO alpha SELECT x, 'a' || x FROM " + series(1, 20),
                "INSERT INTO gamma SELECT 'c' || x, 'g' || x FROM " + series(1, 10));
        node = Streams.snapshot("shop").dataset("alpha", key("id", "bigint"), col("v", "varchar(20)"))
                .dataset("beta", key("id", "smallint"), col("v", "varchar(20)"))
                .dataset("gamma", key("code", "varchar(10)"), col("v", "varchar(20)"))
                .dataset("delta", key("id", keyType), col("v", "varchar(20)")).node();
        for (Milestoning m : Milestoning.values()) {
            source.execute("DELETE FROM beta", "DELETE FROM delta", "INSERT INTO beta SELECT x, 'b' || x FROM "
                    + series(1, 8), "INSERT INTO delta SELECT x, 'd' || x FROM " + series(1, 7));
            both(m, 50, 100);
            // a dataset emptied between two others, the tail of the first gone, the text-keyed one changed
            source.execute("DELETE FROM beta", "DELETE FROM alpha WHERE id > 15", "UPDATE alpha SET v = 'x' WHERE "
                    + "MOD(id, 4) = 0", "DELETE FROM gamma WHERE code = 'c5'", "UPDATE gamma SET v = 'y' WHERE code = 'c2'");
            assertThat(both(m, 3, 1)).isEqualTo(BatchKind.DELTA);
            assertSameTables(m);
            // the last dataset emptied, the emptied one back, in one step
            source.execute("DELETE FROM delta", "INSERT INTO beta SELECT x, 'B' || x FROM " + series(2, 4));
            assertThat(both(m, 50, 100)).isEqualTo(BatchKind.DELTA);
            assertSameTables(m);
        }
    }

    /** Every dataset's merge table of the diff batches is that of the full ones, and holds the source's rows. */
    private void assertSameTables(Milestoning m) {
        String tag = m.name().toLowerCase();
        for (var d : node.datasets()) {
            String key = d.columns().get(0).name();
            String order = " ORDER BY " + key + (m == Milestoning.FORENSIC ? ", ds_surf_batch_in" : "");
            List<List<Object>> full = merge.query("SELECT * FROM full_" + tag + "." + d.mergeTable() + order);
            assertThat(merge.query("SELECT * FROM diff_" + tag + "." + d.mergeTable() + order)).as(d.name())
                    .isEqualTo(full);
            assertThat(merge.query("SELECT count(*) FROM full_" + tag + "." + d.mergeTable()
                    + (m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : "")).get(0).get(0)
                    .toString()).as(d.name()).isEqualTo(source.query("SELECT count(*) FROM " + d.name()).get(0).get(0)
                    .toString());
        }
    }

    @Test
    void aChangedDatasetOrAMergeStoreWithoutTheStreamGivesAFullSnapshot() throws Exception {
        try (DiffSnapshotReader reader = diffReader("nowhere", Milestoning.LIVE_ONLY, 50)) {
            assertThat(reader.kind()).as("no platform schema yet").isEqualTo(BatchKind.FULL);
        }
        both(Milestoning.LIVE_ONLY, 50, 100);
        source.execute("ALTER TABLE items ADD COLUMN extra varchar(10)");
        node = Streams.snapshot("shop").dataset("items", key("id", keyType), col("name", "varchar(40)"),
                col("amount", "decimal(10,2)"), col("note", "varchar(100)"), col("extra", "varchar(10)")).node();
        assertThat(both(Milestoning.LIVE_ONLY, 50, 100)).as("the model's dataset changed").isEqualTo(BatchKind.FULL);
        assertSame(Milestoning.LIVE_ONLY);
        assertThat(both(Milestoning.LIVE_ONLY, 50, 100)).isEqualTo(BatchKind.DELTA);
    }

    @Test
    void aBatchWhosePredecessorTheMergeStoreHasNotCommittedIsAFullSnapshot() throws Exception {
        both(Milestoning.FORENSIC, 50, 100); // batch 1 committed
        try (DiffSnapshotReader r = diffReader("diff_forensic", Milestoning.FORENSIC, 50)) {
            r.opening(3); // the ingest-service sealed batch 2, which the merge-service has not committed yet
            assertThat(r.kind()).isEqualTo(BatchKind.FULL);
        }
        try (DiffSnapshotReader r = diffReader("diff_forensic", Milestoning.FORENSIC, 50)) {
            r.opening(2);
            assertThat(r.kind()).isEqualTo(BatchKind.DELTA);
        }
    }

    @Test
    void aSnapshotHoldingAKeyTwiceIsRefusedAsAFullBatchIs() throws Exception {
        both(Milestoning.LIVE_ONLY, 50, 100);
        source.execute(source.isPostgres() ? "ALTER TABLE items DROP CONSTRAINT items_pkey"
                : "ALTER TABLE items DROP PRIMARY KEY", "INSERT INTO items VALUES (2, 'two again', 2.00, NULL)",
                "INSERT INTO items VALUES (9, 'nine', NULL, NULL), (9, 'nine again', NULL, NULL)");
        try (Connection c = merge.connect(); DiffSnapshotReader r = diffReader("diff_live_only", Milestoning.LIVE_ONLY, 50)) {
            StepResult result = new StreamStep(c, "diff_live_only", Milestoning.LIVE_ONLY, node, n -> { }).run(r, 100);
            assertThat(result.outcome()).isEqualTo(StepOutcome.ERROR);
            assertThat(result.message()).contains("dataset 'items': the snapshot holds key (id)=(2) more than once");
        }
        assertThat(merge.query("SELECT status FROM diff_live_only.batches WHERE batch_id = 2")).containsExactly(
                List.of("FAILED"));
        source.execute("DELETE FROM items WHERE name = 'two again'");
        try (Connection c = merge.connect(); DiffSnapshotReader r = diffReader("diff_live_only", Milestoning.LIVE_ONLY, 50)) {
            StepResult result = new StreamStep(c, "diff_live_only", Milestoning.LIVE_ONLY, node, n -> { }).run(r, 100);
            assertThat(result.message()).as("a new key twice").contains("the snapshot holds key (id)=(9) more than once");
        }
    }

    /** The next batch into both twin schemas (diff and full); returns the diff reader's kind. */
    private BatchKind both(Milestoning m, int chunkRows, int maxChunks) throws Exception {
        String tag = m.name().toLowerCase();
        run("full_" + tag, m, maxChunks, () -> new SnapshotReader(node, source.connect(), chunkRows));
        BatchKind[] kind = new BatchKind[1];
        run("diff_" + tag, m, maxChunks, () -> {
            DiffSnapshotReader r = diffReader("diff_" + tag, m, chunkRows);
            kind[0] = r.kind();
            return r;
        });
        return kind[0];
    }

    private DiffSnapshotReader diffReader(String schema, Milestoning m, int chunkRows) throws SQLException {
        return new DiffSnapshotReader(node, source.connect(), chunkRows, merge.connect(), schema, m);
    }

    private interface Reader {
        BatchSource open() throws SQLException;
    }

    /** Runs steps of the stream into a schema until its batch commits. */
    private void run(String schema, Milestoning m, int maxChunks, Reader reader) throws Exception {
        for (int step = 0; step < 1_000; step++) {
            try (Connection c = merge.connect(); BatchSource r = reader.open()) {
                StepResult result = new StreamStep(c, schema, m, node, n -> { }).run(r, maxChunks);
                if (result.outcome() == StepOutcome.DONE) {
                    return;
                }
                assertThat(result.outcome()).as(result.summary()).isEqualTo(StepOutcome.KEEP_WORKING);
            }
        }
        throw new AssertionError("the batch of " + schema + " did not finish in 1,000 steps");
    }

    private void assertSame(Milestoning m) {
        String tag = m.name().toLowerCase();
        String order = m == Milestoning.FORENSIC ? " ORDER BY id, ds_surf_batch_in" : " ORDER BY id";
        String table = node.datasets().get(0).mergeTable();
        List<List<Object>> full = merge.query("SELECT * FROM full_" + tag + "." + table + order);
        assertThat(merge.query("SELECT * FROM diff_" + tag + "." + table + order)).isEqualTo(full);
        assertThat(merge.query("SELECT id, name, amount, note FROM full_" + tag + "." + table
                + (m == Milestoning.FORENSIC ? " WHERE ds_surf_batch_out = 2147483647" : "") + " ORDER BY id"))
                .as("the merge table is the source").isEqualTo(source.query("SELECT id, name, amount, note FROM items "
                        + "ORDER BY id"));
    }

    private String loaded(String schema, long batch) {
        return merge.query("SELECT loaded::text FROM " + schema + ".batches WHERE batch_id = " + batch).get(0).get(0)
                .toString();
    }

    /** The key as a number in the source's SQL. */
    private String id() {
        return keyType.equals("integer") ? "id" : "CAST(id AS integer)";
    }

    private String series(int from, int to) {
        return source.isPostgres() ? "generate_series(" + from + ", " + to + ") x" // H2 names its column x too
                : "SYSTEM_RANGE(" + from + ", " + to + ")";
    }
}

package io.datasurface.ingest.snapshot;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.ingest.Batches;
import io.datasurface.ingest.RecordingSink;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.model.batch.BatchSource.ReadOutcome;
import io.datasurface.model.graph.IngestionNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** How the snapshot reader reads: order, one consistent transaction, chunks and resumption. Run per database. */
@ParameterizedClass(name = "{0}")
@EnumSource(SourceDb.Kind.class)
class SnapshotReaderIT {
    @Parameter
    SourceDb.Kind kind;
    SourceDb db;

    @BeforeEach
    void createSource(@TempDir Path directory) {
        db = kind.open(directory);
    }

    /**
     * The JDBC isolation level the reader must pick on this database: REPEATABLE READ on PostgreSQL,
     * H2's SNAPSHOT level (6) on H2, whose REPEATABLE READ fixes each table only when first read.
     */
    int expectedIsolation() {
        return db.isPostgres() ? Connection.TRANSACTION_REPEATABLE_READ : 6;
    }

    SnapshotReader reader(IngestionNode node, int chunkRows) {
        try {
            return new SnapshotReader(node, db.connect(), chunkRows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void preparesTheConnectionAsOneReadOnlySnapshotTransactionAndClosesIt() throws SQLException {
        db.execute("CREATE TABLE t (id integer PRIMARY KEY)");
        Connection c = db.connect();
        SnapshotReader reader = new SnapshotReader(Streams.snapshot("s").dataset("t", key("id", "integer")).node(), c);
        assertThat(c.getAutoCommit()).isFalse();
        if (db.isPostgres()) {
            assertThat(c.isReadOnly()).isTrue(); // H2 takes setReadOnly as a hint and reports false
        }
        assertThat(c.getTransactionIsolation()).isEqualTo(expectedIsolation());
        assertThat(reader.kind().name()).isEqualTo("FULL");
        reader.close();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void readsEveryDatasetInNodeOrderByKeyAndLeavesTheTailUncheckpointed() {
        db.execute("CREATE TABLE customers (id integer PRIMARY KEY, name varchar(20))",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer, note text)",
                "INSERT INTO orders VALUES (30, 2, 'c'), (10, 1, 'a'), (20, 1, NULL)",
                "INSERT INTO customers VALUES (2, 'bob'), (1, 'ann')");
        IngestionNode node = Streams.snapshot("shop")
                .dataset("orders", key("id", "bigint"), col("customer_id", "integer"), col("note", "text"))
                .dataset("customers", key("id", "integer"), col("name", "varchar(20)")).node();
        RecordingSink sink = new RecordingSink();
        try (SnapshotReader reader = reader(node, 50_000)) {
            assertThat(reader.read(null, null, 1, sink)).isEqualTo(ReadOutcome.finished(null));
        }
        assertThat(sink.events()).extracting(RecordingSink.Event::dataset)
                .containsExactly("orders", "orders", "orders", "customers", "customers");
        assertThat(sink.rows("orders")).containsExactly(List.of(10L, 1, "a"), Arrays.asList(20L, 1, null),
                List.of(30L, 2, "c"));
        assertThat(sink.rows("customers")).containsExactly(List.of(1, "ann"), List.of(2, "bob"));
        assertThat(sink.checkpoints()).isEmpty();
    }

    @Test
    void aBatchReadInOneStepIsOneConsistentSnapshotOfAllItsDatasets() {
        db.execute("CREATE TABLE a (id integer PRIMARY KEY, v integer)", "CREATE TABLE b (id integer PRIMARY KEY, v integer)",
                "INSERT INTO a VALUES (1, 1), (2, 2)", "INSERT INTO b VALUES (1, 1), (2, 2), (3, 3)");
        IngestionNode node = Streams.snapshot("s").dataset("a", key("id", "integer"), col("v", "integer"))
                .dataset("b", key("id", "integer"), col("v", "integer")).node();
        // after the reader's first query has begun, another session changes both tables and commits
        RecordingSink sink = new RecordingSink().onRow(e -> {
            if (e.dataset().equals("a") && e.values().get(0).equals(1)) {
                db.execute("UPDATE b SET v = 99", "DELETE FROM b WHERE id = 1", "INSERT INTO b VALUES (4, 4)",
                        "INSERT INTO a VALUES (3, 3)");
            }
        });
        try (SnapshotReader reader = reader(node, 50_000)) {
            assertThat(reader.read(null, null, 10, sink).finished()).isTrue();
            assertThat(sink.rows("a")).containsExactly(List.of(1, 1), List.of(2, 2));
            assertThat(sink.rows("b")).containsExactly(List.of(1, 1), List.of(2, 2), List.of(3, 3));

            RecordingSink next = new RecordingSink();
            assertThat(reader.read(null, null, 10, next).finished()).isTrue();
            assertThat(next.rows("a")).containsExactly(List.of(1, 1), List.of(2, 2), List.of(3, 3));
            assertThat(next.rows("b")).containsExactly(List.of(2, 99), List.of(3, 99), List.of(4, 4));
        }
    }

    @Test
    void aStepOfOneChunkEndsWithItsCheckpointAndReportsKeepWorking() {
        db.execute("CREATE TABLE t (id integer PRIMARY KEY)");
        db.insert("t", range(1, 25).stream().map(i -> List.<Object>of(i)).toList());
        IngestionNode node = Streams.snapshot("s").dataset("t", key("id", "integer")).node();
        RecordingSink sink = new RecordingSink();
        try (SnapshotReader reader = reader(node, 10)) {
            assertThat(reader.read(null, null, 1, sink)).isEqualTo(ReadOutcome.keepWorking());
        }
        assertThat(sink.rows("t")).hasSize(10);
        assertThat(sink.events().get(sink.events().size() - 1).kind()).isEqualTo("checkpoint");
        assertThat(sink.checkpoints()).containsExactly("{\"dataset\":\"t\",\"after\":[10]}");
    }

    @Test
    void compositeIntegerAndVarcharKeyResumesExactlyAfterTheLastKeyOverManySteps() {
        db.execute("CREATE TABLE items (grp integer, code varchar(10), qty integer, PRIMARY KEY (grp, code))");
        List<String> codes = List.of("a", "B", "ab", "ä", "é", "z", "Zz", "a b", "日本");
        List<List<Object>> rows = new ArrayList<>();
        for (int g = 1; g <= 11; g++) {
            for (String code : codes) {
                rows.add(List.of(g, code, g * 100 + code.length()));
            }
        }
        Collections.shuffle(rows, new Random(7));
        db.insert("items", rows);
        IngestionNode node = Streams.snapshot("s")
                .dataset("items", key("grp", "integer"), key("code", "varchar(10)"), col("qty", "integer")).node();

        Batches.Result result = Batches.run(() -> reader(node, 10), null, 1);

        assertThat(result.rows("items")).containsExactlyElementsOf(
                db.query("SELECT grp, code, qty FROM items ORDER BY grp, code"));
        assertThat(result.steps()).isEqualTo(10); // 99 rows: 9 full steps and a last one of 9 rows
        assertThat(result.restartPoints()).hasSize(9).allMatch(p -> p.matches("\\{\"dataset\":\"items\",\"after\":\\[\\d+,\".+\"]}"));
        assertThat(result.position()).isNull();
    }

    @Test
    void timestampAndIntegerKeyResumesExactlyAfterTheLastKey() {
        db.execute("CREATE TABLE ticks (at timestamp(6), seq integer, payload varchar(20), PRIMARY KEY (at, seq))");
        LocalDateTime base = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_998_000);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            rows.add(List.of(base.plusNanos(1_000L * (i / 3)), i % 3, "p" + i));
        }
        Collections.shuffle(rows, new Random(3));
        db.insert("ticks", rows);
        IngestionNode node = Streams.snapshot("s")
                .dataset("ticks", key("at", "timestamp"), key("seq", "integer"), col("payload", "varchar(20)")).node();

        Batches.Result result = Batches.run(() -> reader(node, 7), null, 2);

        assertThat(result.rows("ticks")).containsExactlyElementsOf(
                db.query("SELECT at, seq, payload FROM ticks ORDER BY at, seq", LocalDateTime.class, Integer.class,
                        String.class));
        assertThat(result.steps()).isEqualTo(5); // 61 rows in steps of 14
    }

    @Test
    void dateVarcharAndBigintKeyResumesExactlyAfterTheLastKey() {
        db.execute("CREATE TABLE sales (sold_on date, region varchar(10), n bigint, amount numeric(12,2), "
                + "PRIMARY KEY (sold_on, region, n))");
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(List.of(LocalDate.of(2023, 12, 30).plusDays(i % 4), i % 2 == 0 ? "north" : "süd",
                    (long) (i * 7 % 40) - 20, new java.math.BigDecimal(i + ".25")));
        }
        db.insert("sales", rows);
        IngestionNode node = Streams.snapshot("s").dataset("sales", key("sold_on", "date"), key("region", "varchar(10)"),
                key("n", "bigint"), col("amount", "decimal(12,2)")).node();

        Batches.Result result = Batches.run(() -> reader(node, 3), null, 1);

        assertThat(result.rows("sales")).containsExactlyElementsOf(db.query(
                "SELECT sold_on, region, n, amount FROM sales ORDER BY sold_on, region, n", LocalDate.class, String.class,
                Long.class, java.math.BigDecimal.class));
        assertThat(result.steps()).isEqualTo(14);
    }

    @Test
    void chunksSpanDatasetsAndAStepThatEndsOnATableBoundaryResumesWithTheNextTable() {
        db.execute("CREATE TABLE a (id integer PRIMARY KEY)", "CREATE TABLE b (id integer PRIMARY KEY)",
                "CREATE TABLE c (id integer PRIMARY KEY)");
        db.insert("a", range(1, 10).stream().map(i -> List.<Object>of(i)).toList());
        db.insert("c", range(1, 4).stream().map(i -> List.<Object>of(i)).toList());
        IngestionNode node = Streams.snapshot("s").dataset("a", key("id", "integer"))
                .dataset("b", key("id", "integer")).dataset("c", key("id", "integer")).node();

        RecordingSink first = new RecordingSink();
        try (SnapshotReader reader = reader(node, 5)) {
            assertThat(reader.read(null, null, 2, first).finished()).isFalse();
        }
        assertThat(first.rows("a")).hasSize(10);
        assertThat(first.rows("c")).isEmpty();
        assertThat(first.checkpoints()).containsExactly("{\"dataset\":\"a\",\"after\":[5]}",
                "{\"dataset\":\"a\",\"after\":[10]}");

        Batches.Result spanning = Batches.run(() -> reader(node, 3), null, 1);
        assertThat(spanning.rows()).extracting(e -> e.dataset() + e.values().get(0)).containsExactly(
                "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "c1", "c2", "c3", "c4");
        assertThat(spanning.restartPoints()).contains("{\"dataset\":\"c\",\"after\":[2]}");
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}

package io.datasurface.ingest.cdc;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.ingest.RecordingSink;
import io.datasurface.ingest.Streams;
import io.datasurface.model.batch.BatchSource.ReadOutcome;
import io.datasurface.model.credential.Credential;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDC reader over the embedded PostgreSQL (wal_level=logical) through the Debezium embedded engine:
 * the initial snapshot, transactions as DELTA batches, and resuming from a committed position without
 * losing or repeating a change.
 */
class CdcReaderIT {
    private final List<CdcReader> open = new ArrayList<>();
    private EmbeddedPostgresServer pg;
    private String database;
    private IngestionNode node;

    @BeforeEach
    void source() throws SQLException {
        pg = PostgresExtension.server();
        database = "cdc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        pg.createDatabase(database);
        sql("CREATE TABLE customers (id varchar(20) PRIMARY KEY, name text, born date, seen timestamp,"
                        + " balance numeric(12,2), at timestamptz, vip boolean, visits integer)",
                "CREATE TABLE addresses (id varchar(20) PRIMARY KEY, customer_id varchar(20), city text)",
                "CREATE TABLE other (id integer PRIMARY KEY)",
                "INSERT INTO customers VALUES ('c1', 'Ann', '1980-02-03', '2026-01-02 03:04:05.123456', 12.50,"
                        + " '2026-01-02 03:04:05+00', true, 3), ('c2', 'Bob', NULL, NULL, NULL, NULL, NULL, NULL)",
                "INSERT INTO addresses VALUES ('a1', 'c1', 'Springfield')");
        node = Streams.cdc("crm" + database)
                .dataset("customers", key("id", "varchar(20)"), col("name", "text"), col("born", "date"),
                        col("seen", "timestamp"), col("balance", "decimal(12,2)"), col("at", "timestamptz"),
                        col("vip", "boolean"), col("visits", "bigint"))
                .dataset("addresses", key("id", "varchar(20)"), col("customer_id", "varchar(20)"), col("city", "text"))
                .node();
    }

    @AfterEach
    void closeReaders() {
        open.forEach(CdcReader::close);
    }

    @Test
    void firstBatchIsTheSnapshotThenEachTransactionComesOnceAsDelta() throws Exception {
        CdcReader reader = reader(null);
        assertThat(reader.kind()).isEqualTo(BatchKind.FULL);
        RecordingSink snapshot = new RecordingSink();
        ReadOutcome first = reader.read(null, null, 10, snapshot);
        assertThat(first.finished()).isTrue();
        assertThat(first.sourcePosition()).isNotNull();
        assertThat(snapshot.rows("customers")).containsExactlyInAnyOrder(
                List.of("c1", "Ann", LocalDate.of(1980, 2, 3), LocalDateTime.of(2026, 1, 2, 3, 4, 5, 123_456_000),
                        new BigDecimal("12.50"), OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), true, 3L),
                Arrays.asList("c2", "Bob", null, null, null, null, null, null));
        assertThat(snapshot.rows("addresses")).containsExactly(List.of("a1", "c1", "Springfield"));
        assertThat(reader.kind()).isEqualTo(BatchKind.DELTA);

        assertThat(reader.awaitData(Duration.ofMillis(300))).as("no change yet").isFalse();
        sql("BEGIN; INSERT INTO customers (id, name) VALUES ('c3', 'Cid'); UPDATE customers SET visits = 4 WHERE id = 'c1';"
                + " INSERT INTO other VALUES (1); COMMIT",
                "DELETE FROM addresses WHERE id = 'a1'");
        // one batch or two (a batch may end between the two transactions), never a transaction split
        RecordingSink delta = readChanges(reader, first.sourcePosition(), 2);
        List<RecordingSink.Event> events = new ArrayList<>(delta.events());
        assertThat(delta.rows("customers")).extracting(r -> r.get(0)).containsExactly("c3", "c1");
        assertThat(delta.rows("customers").get(1).get(7)).isEqualTo(4L);
        if (events.stream().noneMatch(e -> e.kind().equals("delete"))) {
            RecordingSink second = readChanges(reader, lastPosition, 2);
            assertThat(second.rows("customers")).isEmpty();
            events.addAll(second.events());
        }
        assertThat(events).filteredOn(e -> e.kind().equals("delete"))
                .extracting(e -> e.values().get(0)).containsExactly("a1");
        assertThat(events).extracting(RecordingSink.Event::dataset).doesNotContain("other");

        String deltaEnd = lastPosition;
        sql("UPDATE customers SET name = 'Ann B' WHERE id = 'c1'");
        assertThat(readChanges(reader, deltaEnd, 2).rows("customers")).extracting(r -> r.get(1)).containsExactly("Ann B");
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (slotFlushLsn() < CdcPosition.parse(deltaEnd).commitLsn() && System.nanoTime() < until) {
            reader.awaitData(Duration.ofMillis(200)); // Debezium tells the slot when it hands over more (or a heartbeat)
        }
        assertThat(slotFlushLsn()).as("the slot moves on once a batch is committed, so WAL is not kept forever")
                .isGreaterThanOrEqualTo(CdcPosition.parse(deltaEnd).commitLsn());
    }

    @Test
    void aReaderStartedFromTheCommittedPositionSendsWhatWasNotCommittedAndNothingTwice() throws Exception {
        CdcReader first = reader(null);
        String snapshotEnd = first.read(null, null, 10, new RecordingSink()).sourcePosition();
        sql("INSERT INTO customers (id, name) VALUES ('c3', 'Cid')");
        String afterC3 = readChanges(first, snapshotEnd, 1).events().isEmpty() ? null : lastPosition;
        sql("INSERT INTO customers (id, name) VALUES ('c4', 'Dee')");
        RecordingSink lost = readChanges(first, afterC3, 1); // read, but its batch never commits
        assertThat(lost.rows("customers")).extracting(r -> r.get(0)).containsExactly("c4");
        first.close();
        open.remove(first);
        assertThat(slotFlushLsn()).as("the slot is not told of the batch that did not commit")
                .isLessThanOrEqualTo(CdcPosition.parse(afterC3).commitLsn());

        CdcReader second = reader(afterC3); // as after a crash: the committed position is that of c3's batch
        assertThat(second.kind()).isEqualTo(BatchKind.DELTA);
        sql("INSERT INTO customers (id, name) VALUES ('c5', 'Eve')");
        List<Object> ids = new ArrayList<>();
        String at = afterC3;
        while (ids.size() < 2) {
            RecordingSink s = readChanges(second, at, 1);
            s.rows("customers").forEach(r -> ids.add(r.get(0)));
            at = lastPosition;
        }
        assertThat(ids).containsExactly("c4", "c5");
    }

    @Test
    void aReaderStartedRightAfterTheSnapshotGoesOnWithChanges() throws Exception {
        CdcReader first = reader(null);
        String snapshotEnd = first.read(null, null, 10, new RecordingSink()).sourcePosition();
        first.close();
        open.remove(first);
        CdcReader second = reader(snapshotEnd);
        sql("INSERT INTO customers (id, name) VALUES ('c3', 'Cid')");
        assertThat(second.awaitData(Duration.ofSeconds(30))).isTrue();
        assertThat(second.kind()).as("the slot still holds every change after the snapshot").isEqualTo(BatchKind.DELTA);
        assertThat(readChanges(second, snapshotEnd, 1).rows("customers")).extracting(r -> r.get(0)).containsExactly("c3");
    }

    @Test
    void whenTheSlotIsGoneOrNewerThanTheCommittedPositionTheNextBatchIsANewSnapshot() throws Exception {
        CdcReader first = reader(null);
        String snapshotEnd = first.read(null, null, 10, new RecordingSink()).sourcePosition();
        sql("INSERT INTO customers (id, name) VALUES ('c3', 'Cid')");
        String afterC3 = readChanges(first, snapshotEnd, 1).events().isEmpty() ? null : lastPosition;
        first.close();
        open.remove(first);
        sql("SELECT pg_drop_replication_slot('" + CdcSlots.slotName(node.key()) + "')",
                "INSERT INTO customers (id, name) VALUES ('c4', 'Dee')"); // made while no slot keeps changes

        CdcReader second = reader(afterC3);
        assertThat(second.awaitData(Duration.ofSeconds(1))).isTrue();
        assertThat(second.kind()).isEqualTo(BatchKind.FULL);
        RecordingSink snapshot = new RecordingSink();
        ReadOutcome again = second.read(null, afterC3, 10, snapshot);
        assertThat(again.finished()).isTrue();
        assertThat(snapshot.rows("customers")).extracting(r -> r.get(0)).containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
        second.close(); // as if that snapshot never committed: the slot it made is newer than afterC3
        open.remove(second);

        CdcReader third = reader(afterC3);
        assertThat(third.awaitData(Duration.ofSeconds(1))).isTrue();
        assertThat(third.kind()).as("a slot made after the committed position cannot give what came between")
                .isEqualTo(BatchKind.FULL);
    }

    @Test
    void aBatchEndsAtATransactionBoundaryAfterMaxRows() throws Exception {
        CdcReader reader = reader(null);
        String at = reader.read(null, null, 10, new RecordingSink()).sourcePosition();
        sql("INSERT INTO addresses SELECT 'b' || i, 'c1', 'x' FROM generate_series(1, 30) i",
                "INSERT INTO addresses SELECT 'd' || i, 'c1', 'y' FROM generate_series(1, 30) i");
        CdcReader small = reader; // chunkRows 10 × maxChunks 1: the first transaction (30 rows) ends the batch
        RecordingSink batch = new RecordingSink();
        assertThat(small.awaitData(Duration.ofSeconds(30))).isTrue();
        ReadOutcome out = small.read(null, at, 1, batch);
        assertThat(out.finished()).isTrue();
        assertThat(batch.rows("addresses")).hasSize(30).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("x"));
    }

    @Test
    void aMissingSourceTableIsRefusedWithItsName() throws Exception {
        IngestionNode missing = Streams.cdc("crm" + database).dataset("nope", key("id", "integer")).node();
        assertThatThrownBy(() -> new CdcReader(missing, address(), pg.connect(database), 10, null))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("nope");
    }

    private String lastPosition;

    /** Reads one DELTA batch after {@code committed}, waiting for the changes to arrive. */
    private RecordingSink readChanges(CdcReader reader, String committed, int maxChunks) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (!reader.awaitData(Duration.ofMillis(500))) {
                continue;
            }
            RecordingSink sink = new RecordingSink();
            ReadOutcome out = reader.read(null, committed, maxChunks, sink);
            if (out.finished()) {
                lastPosition = out.sourcePosition();
                return sink;
            }
        }
        throw new AssertionError("no change arrived within 60 s");
    }

    private CdcReader reader(String committed) throws SQLException {
        CdcReader r = new CdcReader(node, address(), pg.connect(database), 10, committed);
        open.add(r);
        return r;
    }

    private CdcReader.Address address() {
        return new CdcReader.Address("127.0.0.1", pg.port(), database, new Credential(pg.user(), pg.password()));
    }

    private long slotFlushLsn() throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                     + " WHERE slot_name = '" + CdcSlots.slotName(node.key()) + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}

package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.RowCodec;
import io.datasurface.model.event.BatchCommitted;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.BatchSealed;
import io.datasurface.model.event.BatchStarted;
import io.datasurface.model.event.DatasetSchema;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.RowChunk;
import io.datasurface.model.event.SealedDataset;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ingest events applied to a real merge store: exactly once, by the offsets stored with the data. */
@ExtendWith(PostgresExtension.class)
class EventMergeIT {
    static final String TOPIC = "datasurface.ingest";

    MergeStoreFixture store;
    IngestionNode node;
    List<Event> log = new ArrayList<>();

    @BeforeEach
    void setUp(EmbeddedPostgresServer pg) {
        store = new MergeStoreFixture(pg);
        node = Streams.stream("shop").dataset("items", key("id", "integer"), col("name", "text")).node(store.platform);
    }

    @Test
    void aBatchOfChunksMergesOnceAndReplayingItChangesNothing() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        List<BatchCommitted> committed = applyAll(Milestoning.LIVE_ONLY, 0);
        assertThat(committed).singleElement().satisfies(c -> {
            assertThat(c.batchId()).isEqualTo(1);
            assertThat(c.datasets()).singleElement().satisfies(d -> assertThat(d.inserted()).isEqualTo(6));
        });
        assertThat(items()).hasSize(6);

        // a restarted merge-service reads the partition again from the start: every record is skipped
        assertThat(applyAll(Milestoning.LIVE_ONLY, 0)).isEmpty();
        assertThat(items()).hasSize(6);
        assertThat(store.batchIds(node)).containsExactly(1L);
        assertThat(store.query("SELECT next_offset FROM " + store.table("offsets"))).containsExactly(List.of((long) log.size()));
    }

    @Test
    void aChunkDeliveredAgainAfterItsRowsCommittedIsSkipped() throws Exception {
        int from = committedFirstBatch(); // batch 2 goes through staging, where each chunk commits
        batch(2, BatchKind.FULL, List.of(rows(1, 3, "b"), rows(4, 6, "b")));
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, from, log.get(from));
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, from + 1, log.get(from + 1));
        }
        assertThat(store.query("SELECT count(*) FROM " + store.table("shop_items_staging"))).containsExactly(List.of(3L));
        // the process died before its consumer moved on: a new one gets the first chunk again
        assertThat(applyAll(Milestoning.LIVE_ONLY, from + 1)).hasSize(1);
        assertThat(items()).hasSize(6).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("b"));
    }

    @Test
    void aProcessThatLostItsPartitionCannotApplyARecordTheNewOwnerApplied() throws Exception {
        int from = committedFirstBatch();
        batch(2, BatchKind.FULL, List.of(rows(1, 3, "b"), rows(4, 6, "b")));
        try (Connection a = store.connect(); Connection b = store.connect()) {
            EventMerge zombie = new EventMerge(b, "g", Clock.systemUTC());
            assertThat(zombie.storedOffsets(store.platform, TOPIC)).containsEntry(0, (long) from); // it read the offsets …
            EventMerge owner = new EventMerge(a, "g", Clock.systemUTC());
            owner.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, from, log.get(from));
            owner.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, from + 1, log.get(from + 1)); // … the new owner applied these
            List<BatchCommitted> committed = new ArrayList<>();
            for (int i = from; i < log.size(); i++) {
                zombie.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, i, log.get(i)).committed().ifPresent(committed::add);
            }
            assertThat(committed).hasSize(1);
        }
        assertThat(items()).hasSize(6).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("b"));
    }

    @Test
    void aFirstLoadGoesStraightIntoTheMergeTableAndNothingOfItShowsBeforeItsSeal() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            for (int i = 0; i < 3; i++) { // BatchStarted and both chunks
                merge.apply(target(Milestoning.FORENSIC), TOPIC, 0, i, log.get(i));
            }
            assertThat(merge.uncommittedFrom()).contains(new EventMerge.Position(TOPIC, 0, 1));
            assertThat(items()).isEmpty();
            assertThat(store.query("SELECT count(*) FROM " + store.table("shop_items_staging"))).containsExactly(List.of(0L));
            assertThat(store.query("SELECT next_offset FROM " + store.table("offsets"))).containsExactly(List.of(1L));
            assertThat(merge.apply(target(Milestoning.FORENSIC), TOPIC, 0, 3, log.get(3)).committed()).hasValueSatisfying(
                    b -> assertThat(b.datasets()).singleElement().satisfies(d -> assertThat(d.inserted()).isEqualTo(6)));
            assertThat(merge.uncommittedFrom()).isEmpty();
        }
        assertThat(store.query("SELECT id, name, ds_surf_batch_in, ds_surf_batch_out FROM " + store.table("shop_items_merge")
                + " WHERE id IN (1, 6) ORDER BY id")).containsExactly(List.of(1, "a", 1, Integer.MAX_VALUE),
                List.of(6, "a", 1, Integer.MAX_VALUE));
        assertThat(items()).hasSize(6);
        assertThat(store.batch(node, 1, "status, loaded::text")).containsExactly("COMMITTED", "{\"items\": 6}");
        assertThat(store.query("SELECT next_offset FROM " + store.table("offsets"))).containsExactly(List.of(4L));
        // the current-version index the forensic merge of the next batch needs was built at the seal
        assertThat(store.query("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + store.platform
                + "' AND tablename = 'shop_items_merge'")).containsExactly(List.of(2L));
    }

    @Test
    void aFirstLoadMetByAnotherStreamsRecordGoesOnThroughStaging() throws Exception {
        IngestionNode shop = node;
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        List<Event> shopLog = new ArrayList<>(log);
        log.clear();
        node = Streams.stream("other").dataset("items", key("id", "integer"), col("name", "text")).node(store.platform);
        IngestionNode other = node;
        batch(1, BatchKind.FULL, List.of(rows(10, 11, "x")));
        List<Event> otherLog = new ArrayList<>(log);
        // interleaved in one partition: shop started, shop chunk 0, other started, shop chunk 1, shop sealed, other …
        List<Event> mixed = List.of(shopLog.get(0), shopLog.get(1), otherLog.get(0), shopLog.get(2), shopLog.get(3),
                otherLog.get(1), otherLog.get(2));
        List<IngestionNode> owners = List.of(shop, shop, other, shop, shop, other, other);
        List<BatchCommitted> committed = new ArrayList<>();
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            for (int i = 0; i < mixed.size(); i++) {
                EventMerge.Target t = new EventMerge.Target(store.platform, store.platform, Milestoning.LIVE_ONLY,
                        owners.get(i));
                merge.apply(t, TOPIC, 0, i, mixed.get(i)).committed().ifPresent(committed::add);
                if (i == 2) { // other's BatchStarted committed shop's first chunk into staging
                    assertThat(merge.uncommittedFrom()).isEmpty();
                    assertThat(store.query("SELECT count(*) FROM " + store.table("shop_items_staging")))
                            .containsExactly(List.of(3L));
                    assertThat(items()).isEmpty();
                }
            }
        }
        assertThat(committed).extracting(BatchCommitted::stream).containsExactly(shop.key(), other.key());
        assertThat(items()).hasSize(6);
        assertThat(store.query("SELECT id FROM " + store.table("other_items_merge") + " ORDER BY id"))
                .containsExactly(List.of(10), List.of(11));
    }

    @Test
    void aFirstLoadWhoseConnectionDiedIsReadAgainFromItsFirstChunk() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, 0, log.get(0));
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, 1, log.get(1));
            store.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction'"
                    + " AND pid <> pg_backend_pid()");
            assertThatThrownBy(() -> merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, 2, log.get(2)))
                    .isInstanceOfSatisfying(DatasurfaceException.class, e -> assertThat(e.retriable()).isTrue());
            assertThat(merge.readAgainFrom()).contains(new EventMerge.Position(TOPIC, 0, 1));
        }
        assertThat(items()).isEmpty();
        assertThat(applyAll(Milestoning.LIVE_ONLY, 1)).hasSize(1);
        assertThat(items()).hasSize(6);
    }

    @Test
    void aFirstLoadSettledWhileWaitingForItsNextChunkKeepsItsRows() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, 0, log.get(0));
            merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, 1, log.get(1));
            merge.settle();
            assertThat(merge.uncommittedFrom()).isEmpty();
        } // the process stops here: what settle committed stays
        assertThat(store.query("SELECT count(*) FROM " + store.table("shop_items_staging"))).containsExactly(List.of(3L));
        assertThat(store.query("SELECT next_offset FROM " + store.table("offsets"))).containsExactly(List.of(2L));
        assertThat(applyAll(Milestoning.LIVE_ONLY, 0)).hasSize(1);
        assertThat(items()).hasSize(6);
    }

    @Test
    void aFirstLoadHoldingAKeyTwiceIsRefusedAtItsSealAndLeavesNothing() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(3, 4, "a")));
        assertThatThrownBy(() -> applyAll(Milestoning.FORENSIC, 0)).isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("the snapshot holds key (id)=(3) more than once");
        assertThat(items()).isEmpty();
        assertThat(store.batch(node, 1, "status, loaded::text")).containsExactly("STARTED", "{}");
    }

    @Test
    void deltasUpdateAndDeleteAndAForensicPlatformKeepsTheVersions() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a")));
        List<Object[]> delta = new ArrayList<>();
        delta.add(new Object[] {RowCodec.UPSERT, 2, "b"});
        delta.add(new Object[] {RowCodec.DELETE, 3, null});
        delta.add(new Object[] {RowCodec.UPSERT, 2, "c"}); // the last change of a key wins
        batch(2, BatchKind.DELTA, List.of(delta));
        assertThat(applyAll(Milestoning.FORENSIC, 0)).hasSize(2);
        assertThat(store.query("SELECT id, name, ds_surf_batch_in, ds_surf_batch_out FROM " + store.table("shop_items_merge")
                + " ORDER BY id, ds_surf_batch_in")).containsExactly(
                List.of(1, "a", 1, Integer.MAX_VALUE), List.of(2, "a", 1, 1), List.of(2, "c", 2, Integer.MAX_VALUE),
                List.of(3, "a", 1, 1));
    }

    @Test
    void stagedRowsLostInACrashAreReadAgainFromTheBatchStart() throws Exception {
        int from = committedFirstBatch();
        batch(2, BatchKind.FULL, List.of(rows(1, 3, "b"), rows(4, 6, "b")));
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            for (int i = from; i < from + 3; i++) { // BatchStarted and both chunks
                merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, i, log.get(i));
            }
            store.execute("TRUNCATE " + store.table("shop_items_staging")); // what a PostgreSQL crash does to UNLOGGED
            EventMerge.Applied sealed = merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, from + 3, log.get(from + 3));
            assertThat(sealed.committed()).isEmpty();
            assertThat(sealed.rewindTo()).contains((long) from);
            for (int i = from; i < log.size(); i++) {
                EventMerge.Applied again = merge.apply(target(Milestoning.LIVE_ONLY), TOPIC, 0, i, log.get(i));
                if (i == log.size() - 1) {
                    assertThat(again.committed()).isPresent();
                }
            }
        }
        assertThat(items()).hasSize(6).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("b"));
    }

    @Test
    void aBatchSealedWithMoreRowsThanArrivedIsRefused() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        log.remove(2); // one chunk never arrived
        assertThatThrownBy(() -> applyAll(Milestoning.LIVE_ONLY, 0)).isInstanceOf(DatasurfaceException.class)
                .hasMessageContaining("dataset 'items' was sealed with 6 rows, but 3 arrived");
        assertThat(items()).isEmpty();
    }

    @Test
    void aForensicMergeKilledAtAnyRecordCarriesOnExactlyOnce() throws Exception {
        int records = forensicHistory().size();
        for (int kill = 0; kill <= records; kill++) {
            node = Streams.stream("k" + kill).dataset("items", key("id", "integer"), col("name", "text"))
                    .node(store.platform);
            log.clear();
            forensicHistory();
            try (Connection c = store.connect()) {
                EventMerge first = new EventMerge(c, "g", Clock.systemUTC());
                for (int i = 0; i < kill; i++) {
                    first.apply(target(Milestoning.FORENSIC), TOPIC, kill, i, log.get(i));
                }
            } // kill -9 with record `kill` in flight: its transaction never committed
            // started again, the merge-service reads the partition from the lowest offset any platform stored
            applyAll(Milestoning.FORENSIC, kill, 0);
            assertThat(store.query("SELECT id, name, ds_surf_batch_in, ds_surf_batch_out FROM "
                    + store.table("k" + kill + "_items_merge") + " ORDER BY id, ds_surf_batch_in"))
                    .as("killed before record %d", kill).containsExactly(
                            List.of(1, "a", 1, 2), List.of(1, "a2", 3, Integer.MAX_VALUE), List.of(2, "a", 1, 1),
                            List.of(2, "b", 2, Integer.MAX_VALUE), List.of(3, "a", 1, 1),
                            List.of(4, "d", 2, Integer.MAX_VALUE));
            assertThat(store.query("SELECT batch_id, status FROM " + store.table("batches") + " WHERE stream = '"
                    + node.key() + "' ORDER BY batch_id")).as("killed before record %d", kill).containsExactly(
                    List.of(1L, "COMMITTED"), List.of(2L, "COMMITTED"), List.of(3L, "COMMITTED"));
        }
    }

    @Test
    void aBatchStartedAgainAfterItCommittedOnlyMovesTheOffset() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a"), rows(4, 6, "a")));
        assertThat(applyAll(Milestoning.LIVE_ONLY, 0)).hasSize(1);
        List<Object> before = store.batch(node, 1, "status, loaded::text, restart_point");
        int from = log.size();
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "x"))); // an ingest-service that lost its sealed state
        batch(2, BatchKind.FULL, List.of(rows(1, 3, "b")));
        assertThat(applyAll(Milestoning.LIVE_ONLY, from)).singleElement()
                .satisfies(c -> assertThat(c.batchId()).isEqualTo(2));
        assertThat(store.batch(node, 1, "status, loaded::text, restart_point")).isEqualTo(before);
        assertThat(items()).containsExactly(List.of(1, "b"), List.of(2, "b"), List.of(3, "b"));
    }

    // ------------------------------------------------------------------ helpers

    @Test
    @org.junit.jupiter.api.DisplayName("values carried as text (jsonb, interval, arrays, enums, inet, varbit) and "
            + "numeric's NaN and infinities come through the chunks' codec into typed merge columns exactly")
    void typesCarriedAsTextMergeFromChunks() throws Exception {
        node = Streams.stream("zoo").dataset("things", key("id", "integer"), col("doc", "jsonb"), col("span", "interval"),
                col("tags", "text[]"), col("mood", "enum('sad','it''s ok')"), col("amount", "decimal"), col("net", "inet"),
                col("bits", "varbit")).node(store.platform);
        String stream = node.key();
        log.add(new BatchStarted(stream, store.platform, 1, BatchKind.FULL, List.of(new DatasetSchema("things",
                node.datasets().get(0).fingerprint())), null, Instant.now()));
        RowCodec.Encoder e = new RowCodec(node.datasets().get(0).columns()).encoder();
        e.add(RowCodec.UPSERT, new Object[] {1, "{\"a\": [1, \"\u00fc\"]}", "-1 days +02:00:00.5", "{\"a,b\",NULL,\"\"}",
                "it's ok", Double.NaN, "2001:db8::1/64", "0101"});
        e.add(RowCodec.UPSERT, new Object[] {2, null, null, "{}", null, Double.NEGATIVE_INFINITY, null, ""});
        e.add(RowCodec.UPSERT, new Object[] {3, null, null, null, "sad", new java.math.BigDecimal("1.50"), null, null});
        log.add(new RowChunk(stream, 1, "things", 0, e.rows(), RowCodec.CODEC, e.finish()));
        log.add(new BatchSealed(stream, 1, List.of(new SealedDataset("things", 1, 3)), "pos-1", Instant.now()));

        assertThat(applyAll(Milestoning.LIVE_ONLY, 0)).singleElement()
                .satisfies(c -> assertThat(c.datasets()).singleElement().satisfies(d -> assertThat(d.inserted()).isEqualTo(3)));
        assertThat(store.query("SELECT id, doc::text, span::text, tags::text, mood, amount::text, net::text, bits::text FROM "
                + store.table("zoo_things_merge") + " ORDER BY id")).containsExactly(
                java.util.Arrays.asList(1, "{\"a\": [1, \"\u00fc\"]}", "-1 days +02:00:00.5", "{\"a,b\",NULL,\"\"}",
                        "it's ok", "NaN", "2001:db8::1/64", "0101"),
                java.util.Arrays.asList(2, null, null, "{}", null, "-Infinity", null, ""),
                java.util.Arrays.asList(3, null, null, null, "sad", "1.50", null, null));
    }

    /**
     * Three FULL batches of a stream: 1 (keys 1-3), 2 started, started again under its id by the ingest-service
     * and then sealed (2 changed, 3 gone, 4 new), 3 (1 changed). Returns the log.
     */
    private List<Event> forensicHistory() {
        batch(1, BatchKind.FULL, List.of(rows(1, 2, "a"), rows(3, 3, "a")));
        batch(2, BatchKind.FULL, List.of(chunk(row(1, "a"), row(2, "b"))));
        log.remove(log.size() - 1); // not sealed: the ingest-service starts batch 2 again under the same id
        batch(2, BatchKind.FULL, List.of(chunk(row(1, "a"), row(2, "b")), chunk(row(4, "d"))));
        batch(3, BatchKind.FULL, List.of(chunk(row(1, "a2"), row(2, "b"), row(4, "d"))));
        return log;
    }

    private static List<Object[]> chunk(Object[]... rows) {
        return List.of(rows);
    }

    private static Object[] row(int id, String name) {
        return new Object[] {RowCodec.UPSERT, id, name};
    }

    private EventMerge.Target target(Milestoning milestoning) {
        return new EventMerge.Target(store.platform, store.platform, milestoning, node);
    }

    private static List<Object[]> rows(int from, int to, String name) {
        List<Object[]> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(new Object[] {RowCodec.UPSERT, i, name});
        }
        return out;
    }

    /** Commits batch 1 (keys 1-3) of the stream; returns the offset of the next record. */
    private int committedFirstBatch() throws Exception {
        batch(1, BatchKind.FULL, List.of(rows(1, 3, "a")));
        assertThat(applyAll(Milestoning.LIVE_ONLY, 0)).hasSize(1);
        return log.size();
    }

    /** Appends a batch's events to the log: BatchStarted, one RowChunk per list, BatchSealed. */
    private void batch(long id, BatchKind kind, List<List<Object[]>> chunks) {
        String stream = node.key();
        log.add(new BatchStarted(stream, store.platform, id, kind, List.of(new DatasetSchema("items",
                node.datasets().get(0).fingerprint())), null, Instant.now()));
        RowCodec codec = new RowCodec(node.datasets().get(0).columns());
        long rows = 0;
        for (int i = 0; i < chunks.size(); i++) {
            RowCodec.Encoder e = codec.encoder();
            for (Object[] r : chunks.get(i)) {
                e.add((Byte) r[0], new Object[] {r[1], r[2]});
            }
            rows += e.rows();
            log.add(new RowChunk(stream, id, "items", i, e.rows(), RowCodec.CODEC, e.finish()));
        }
        log.add(new BatchSealed(stream, id, List.of(new SealedDataset("items", chunks.size(), rows)), "pos-" + id,
                Instant.now()));
    }

    /** Applies the log from an offset with a new EventMerge (as a freshly started merge-service would). */
    private List<BatchCommitted> applyAll(Milestoning milestoning, int from) throws Exception {
        return applyAll(milestoning, 0, from);
    }

    private List<BatchCommitted> applyAll(Milestoning milestoning, int partition, int from) throws Exception {
        List<BatchCommitted> out = new ArrayList<>();
        try (Connection c = store.connect()) {
            EventMerge merge = new EventMerge(c, "g", Clock.systemUTC());
            for (int i = from; i < log.size(); i++) {
                Optional<BatchCommitted> done = merge.apply(target(milestoning), TOPIC, partition, i, log.get(i))
                        .committed();
                done.ifPresent(out::add);
            }
        }
        return out;
    }

    private List<List<Object>> items() throws Exception {
        return store.query("SELECT id, name FROM " + store.table("shop_items_merge") + " ORDER BY id");
    }
}

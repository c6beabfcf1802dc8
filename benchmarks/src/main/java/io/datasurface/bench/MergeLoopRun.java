package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.merge.service.MergeLoop;
import io.datasurface.merge.service.MergeSettings;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.Topics;
import io.datasurface.model.fault.Backoff;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.naming.MergeColumns;
import io.datasurface.model.naming.SqlNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A first load of the source into two platforms at once, one live-only and one forensic, through the
 * merge-service's own consumer loop ({@link MergeLoop}, what {@code datasurface up} runs) instead of a consumer of
 * the benchmark's: the two platforms' graphs go on {@code datasurface.graph}, one MergeLoop follows them and
 * consumes {@code datasurface.ingest} in its group, and both streams' ingest steps run at once. Timed from the
 * start of the ingest steps, with the loop already running and holding its partitions (as a running
 * merge-service does), until the loop has committed both batches.
 */
final class MergeLoopRun {
    private static final String LIVE = "bench_loop_live";
    private static final String FORENSIC = "bench_loop_forensic";
    private static final String GROUP = "bench-merge";
    /** How often the run looks whether the loop is ready or done. */
    private static final Duration POLL = Duration.ofMillis(20);

    private MergeLoopRun() {
    }

    /** A platform's merge table after the run: its rows, and the batches of its schema as "ID STATUS, ...". */
    record Table(String name, long rows, String batches) {
    }

    /**
     * @param ingestSeconds until both ingest steps had sealed their batch
     * @param mergedSeconds until the loop had committed both batches
     */
    record Result(double ingestSeconds, double mergedSeconds, List<Table> tables) {
        /** Throws unless every merge table holds the source's rows from one committed batch. */
        void check(int rows) {
            for (Table t : tables) {
                if (t.rows() != rows || !t.batches().equals("1 COMMITTED")) {
                    throw new IllegalStateException(t.name() + " has " + t.rows() + " rows and batches " + t.batches()
                            + "; expected " + rows + " rows from batch 1 COMMITTED");
                }
            }
        }
    }

    /** Loads the source's rows (the stream of {@code base}) into both platforms at once through one MergeLoop. */
    static Result firstLoad(EmbeddedPostgresServer pg, EmbeddedKafka kafka, IngestionNode base) throws Exception {
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        TopicAdmin.ensure(settings, KafkaTopics.NAMES, "bench");
        emptyIngestTopic(kafka.admin());
        Map<IngestionNode, Milestoning> platforms = new LinkedHashMap<>();
        platforms.put(PipelineBenchmark.onPlatform(base, LIVE), Milestoning.LIVE_ONLY);
        platforms.put(PipelineBenchmark.onPlatform(base, FORENSIC), Milestoning.FORENSIC);
        publishGraphs(settings, platforms);
        MergeLoop loop = new MergeLoop(settings, mergeSettings(), mergeStore(pg), Clock.systemUTC());
        ExecutorService ingests = Executors.newFixedThreadPool(platforms.size());
        loop.start();
        try {
            awaitReady(loop, kafka.admin());
            long start = System.nanoTime();
            List<Future<Double>> ingested = new ArrayList<>();
            for (IngestionNode node : platforms.keySet()) {
                ingested.add(ingests.submit(() -> PipelineBenchmark.ingest(pg, kafka, node, start)));
            }
            awaitCommitted(loop, platforms.size(), ingested);
            double merged = MergeBenchmark.secs(start);
            double ingest = 0;
            for (Future<Double> f : ingested) {
                ingest = Math.max(ingest, f.get());
            }
            List<Table> tables = new ArrayList<>();
            for (IngestionNode node : platforms.keySet()) {
                tables.add(table(pg, node));
            }
            return new Result(ingest, merged, tables);
        } finally {
            ingests.shutdownNow();
            loop.stop();
        }
    }

    /** The merge-service's settings for this loop: the one place they are made. */
    static MergeSettings mergeSettings() {
        return new MergeSettings(GROUP, Duration.ofSeconds(10), Optional.empty(),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    static PGSimpleDataSource mergeStore(EmbeddedPostgresServer pg) {
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(pg.jdbcUrl("bench_merge"));
        store.setUser(pg.user());
        store.setPassword(pg.password());
        return store;
    }

    /**
     * The loop reads the ingest topic from its start, as a merge-service's first start does; the earlier runs'
     * batches are of streams no graph names (the loop would dead-letter each of their records), so they go first.
     */
    private static void emptyIngestTopic(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(List.of(Topics.INGEST)).allTopicNames().get().get(Topics.INGEST).partitions()
                .forEach(p -> ends.put(new TopicPartition(Topics.INGEST, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
        admin.listOffsets(ends).all().get()
                .forEach((tp, end) -> before.put(tp, RecordsToDelete.beforeOffset(end.offset())));
        admin.deleteRecords(before).all().get();
    }

    /** Each platform's graph, as the model-service publishes a first deployment: a diff from nothing. */
    private static void publishGraphs(KafkaSettings settings, Map<IngestionNode, Milestoning> platforms)
            throws Exception {
        List<PipelineGraph> graphs = new ArrayList<>();
        for (var e : platforms.entrySet()) {
            String platform = e.getKey().platform();
            graphs.add(new PipelineGraph(platform, "bench", e.getValue(), SqlNames.schema(platform), null, null,
                    List.of(e.getKey()), List.of()));
        }
        BenchGraphs.publish(settings, graphs);
    }

    /** Until the loop has read the graphs and holds partitions of the ingest topic in its group. */
    static void awaitReady(MergeLoop loop, Admin admin) throws Exception {
        while (!loop.graphsRead() || admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members()
                .stream().allMatch(m -> m.assignment().topicPartitions().isEmpty())) {
            failed(loop);
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Until the loop has committed {@code batches} batches; throws when an ingest step or the loop failed. */
    private static void awaitCommitted(MergeLoop loop, int batches, List<Future<Double>> ingested) throws Exception {
        while (loop.batchesCommitted() < batches) {
            for (Future<Double> f : ingested) {
                if (f.isDone()) {
                    f.get(); // throws the ingest step's failure
                }
            }
            failed(loop);
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Throws when the loop failed, parked a stream or dead-lettered a record: its figure would mean nothing. */
    static void failed(MergeLoop loop) {
        if (loop.restarts() > 0 || !loop.parkedStreams().isEmpty() || loop.deadLetters() > 0) {
            throw new IllegalStateException("the MergeLoop failed: restarts " + loop.restarts() + " ("
                    + loop.lastFailure() + "), last record error " + loop.lastError() + ", parked " + loop.parkedStreams()
                    + ", dead letters " + loop.deadLetters());
        }
    }

    private static Table table(EmbeddedPostgresServer pg, IngestionNode node) throws Exception {
        String schema = SqlNames.schema(node.platform());
        String merge = schema + "." + node.datasets().get(0).mergeTable();
        List<Object> r = Queries.row(pg, "bench_merge", "SELECT (SELECT count(*) FROM " + merge + "), "
                + "(SELECT string_agg(batch_id || ' ' || status, ', ' ORDER BY batch_id) FROM " + schema + "."
                + MergeColumns.BATCHES_TABLE + ")");
        return new Table(merge, ((Number) r.get(0)).longValue(), String.valueOf(r.get(1)));
    }
}

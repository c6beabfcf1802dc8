package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.ingest.service.IngestLoop;
import io.datasurface.ingest.service.IngestSettings;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.naming.SqlNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The issue target "10,000 snapshot streams waiting on their cron use &lt; 1% of a core on one ingest-service":
 * graphs naming N snapshot streams whose cron fires about 12 hours from now go on {@code datasurface.graph} of the
 * in-JVM broker, one real {@link IngestLoop} (what the ingest-service runs) reads them and takes every stream (all
 * assignment partitions, so all their transactional producers), and once every stream waits on its cron here, the
 * JVM's CPU, threads and heap are measured for a window. Nothing runs in that window, so the sources need no
 * database and the credential only has to be well-formed. The same window with the broker alone comes first (the
 * broker shares the JVM: the loop's own cost is the difference), and a smaller count in the same run.
 */
final class IdleStreamsBenchmark {
    /** Streams per platform graph: a deployment of 10,000 streams is ten platforms of 1,000. */
    private static final int STREAMS_PER_GRAPH = 1_000;
    /** Source databases the streams read, spread over (they are never opened). */
    private static final int SOURCES = 100;
    private static final String CREDENTIAL = "src";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READY_WAIT = Duration.ofMinutes(5);
    private static final List<ColumnSpec> COLUMNS = List.of(new ColumnSpec("id", "bigint", false, true),
            new ColumnSpec("name", "varchar(100)", true, false), new ColumnSpec("updated", "timestamp", true, false));

    private IdleStreamsBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int streams = 10_000;
        int small = 1_000;
        int seconds = 60;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--streams") && i + 1 < args.length) {
                streams = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
            } else if (args[i].equals("--small") && i + 1 < args.length) {
                small = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
            } else if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --streams N, --small N (0: none) and --seconds S");
            }
        }
        if (streams < 1 || seconds < 1) {
            throw new IllegalArgumentException("--streams and --seconds must be at least 1");
        }
        Duration window = Duration.ofSeconds(seconds);
        Set<Integer> counts = new LinkedHashSet<>();
        if (small > 0 && small < streams) {
            counts.add(small);
        }
        counts.add(streams);
        int hour = (Instant.now().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                .brokerProperty("message.max.bytes", Integer.toString(KafkaSettings.MAX_RECORD_BYTES)).start()) {
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
            TopicAdmin.ensure(settings, KafkaTopics.NAMES, "bench-idle");
            System.out.printf("idle-streams benchmark: snapshot streams waiting on a cron in hour %02d UTC (about 12 h"
                    + " away), one IngestLoop, Kafka 4.2 in-JVM, %d cores, Java %s, %d s windows%n", hour,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds);
            progress("measuring the broker alone for " + seconds + " s");
            List<Run> runs = new ArrayList<>();
            runs.add(new Run("broker alone", 0, 0, CpuWindow.measure(window, IdleStreamsBenchmark::ingestThread)));
            for (int n : counts) {
                runs.add(withLoop(settings, kafka.admin(), n, hour, window));
            }
            print(runs);
        }
    }

    /**
     * A measured window; {@code readySeconds}: from the loop's start until every stream waited on its cron here and
     * its status was published.
     */
    private record Run(String what, int streams, double readySeconds, CpuWindow.Figures figures) {
    }

    /** The ingest-service's own threads: its loop's, and those of its Kafka clients (named after their ids). */
    private static boolean ingestThread(String name) {
        return name.startsWith("ingest-") || name.contains("datasurface-ingest");
    }

    private static Run withLoop(KafkaSettings kafka, Admin admin, int n, int hour, Duration window)
            throws Exception {
        String prefix = "idle" + n;
        progress(String.format("%,d streams: publishing their graphs", n));
        Set<String> platforms = publishGraphs(kafka, prefix, n, hour);
        // a group of its own per count: the earlier loop's static member and producers play no part
        IngestSettings settings = new IngestSettings("idle", 4, 2, 10, 50_000, platforms,
                "datasurface-ingest-" + prefix, IngestSettings.SESSION_TIMEOUT, IngestSettings.PRODUCERS_PER_PARTITION);
        CredentialStore credentials = CredentialStore.fromEnvironment(Map.of(
                CredentialStore.envName(CREDENTIAL) + "_USER", "bench",
                CredentialStore.envName(CREDENTIAL) + "_PASSWORD", "never-used"));
        IngestLoop loop = new IngestLoop(kafka, settings, credentials, Clock.systemUTC());
        long statusesBefore = statuses(admin);
        long start = System.nanoTime();
        loop.start();
        try {
            awaitWaiting(loop, n);
            awaitStatuses(loop, admin, n, statusesBefore + n);
            double ready = MergeBenchmark.secs(start);
            progress(String.format("%,d streams: all waiting on their cron, statuses published, after %.1f s;"
                    + " measuring for %d s", n, ready, window.toSeconds()));
            CpuWindow.Figures figures = CpuWindow.measure(window, IdleStreamsBenchmark::ingestThread);
            check(loop, n, "after the window");
            return new Run("one ingest-service", n, ready, figures);
        } finally {
            loop.stop();
        }
    }

    /**
     * Each platform's graph of up to {@link #STREAMS_PER_GRAPH} streams, as the model-service publishes a first
     * deployment; returns the platforms.
     */
    private static Set<String> publishGraphs(KafkaSettings kafka, String prefix, int n, int hour) throws Exception {
        Set<String> platforms = new LinkedHashSet<>();
        List<PipelineGraph> graphs = new ArrayList<>();
        for (int first = 0; first < n; first += STREAMS_PER_GRAPH) {
            String platform = prefix + "_p" + first / STREAMS_PER_GRAPH;
            List<IngestionNode> nodes = new ArrayList<>();
            for (int i = first; i < Math.min(n, first + STREAMS_PER_GRAPH); i++) {
                nodes.add(node(platform, i, hour));
            }
            graphs.add(new PipelineGraph(platform, "bench", Milestoning.LIVE_ONLY, SqlNames.schema(platform), null,
                    null, nodes, List.of()));
            platforms.add(platform);
        }
        BenchGraphs.publish(kafka, graphs);
        return platforms;
    }

    /** Snapshot stream {@code i}: one dataset, a source of {@link #SOURCES}, a cron at minute i % 60 of {@code hour}. */
    private static IngestionNode node(String platform, int i, int hour) {
        String store = "s" + i;
        DatasetSpec dataset = new DatasetSpec("items", SqlNames.mergeTable(store, "items"),
                SqlNames.stagingTable(store, "items"), null, COLUMNS, Fingerprints.of(COLUMNS));
        return new IngestionNode(IngestionNode.keyOf(platform, store, null), platform, store, null,
                CaptureType.SQL_SNAPSHOT, "cron: " + (i % 60) + " " + hour + " * * *",
                new ContainerSpec("postgres", "127.0.0.1", 5432, "src" + (i % SOURCES), null), CREDENTIAL,
                List.of(dataset));
    }

    /** Until the loop has read the graphs, taken every partition over and each of the n streams waits on its cron. */
    private static void awaitWaiting(IngestLoop loop, int n) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!(loop.ready() && waiting(loop) == n)) {
            check(loop, n, "while starting");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the IngestLoop did not have the " + n + " streams waiting within "
                        + READY_WAIT + ": ready " + loop.ready() + ", " + loop.scheduler().streams().size()
                        + " streams known, " + waiting(loop) + " waiting here");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Until the loop has published the WAITING status of each stream it took (on its own thread, after the
     * scheduler took the stream): the rest of its start, not counted in the window.
     */
    private static void awaitStatuses(IngestLoop loop, Admin admin, int n, long records) throws Exception {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (statuses(admin) < records) {
            check(loop, n, "while starting");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the IngestLoop did not publish its streams' statuses within "
                        + READY_WAIT + ": " + statuses(admin) + " records on " + Topics.STREAM_STATUS + ", expected "
                        + records);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Records on {@code datasurface.stream-status} so far (its end offsets; nothing is compacted away meanwhile). */
    private static long statuses(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(List.of(Topics.STREAM_STATUS)).allTopicNames().get().get(Topics.STREAM_STATUS)
                .partitions().forEach(p -> ends.put(new TopicPartition(Topics.STREAM_STATUS, p.partition()),
                        OffsetSpec.latest()));
        return admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Streams assigned here, waiting on a cron time to come, never run. */
    private static long waiting(IngestLoop loop) {
        Instant now = Instant.now();
        return loop.scheduler().streams().stream().filter(v -> v.assigned()
                && v.state() == StreamScheduler.State.WAITING && v.nextRun() != null && v.nextRun().isAfter(now)
                && v.steps() == 0).count();
    }

    /** Throws when the loop failed, dead-lettered a record, or (after the window) a stream ran: no figure then. */
    private static void check(IngestLoop loop, int n, String when) {
        boolean ranOrLost = when.startsWith("after") && waiting(loop) != n;
        if (loop.restarts() > 0 || loop.deadLetters() > 0 || !loop.alive() || ranOrLost) {
            throw new IllegalStateException("the IngestLoop failed " + when + ": restarts " + loop.restarts() + " ("
                    + loop.lastFailure() + "), dead letters " + loop.deadLetters() + ", alive " + loop.alive()
                    + ", streams waiting " + waiting(loop) + " of " + n);
        }
    }

    private static void print(List<Run> runs) {
        CpuWindow.Figures base = runs.get(0).figures();
        System.out.printf("%n%-20s %7s %7s %7s %8s %9s %9s %9s %9s %9s %9s%n", "run", "streams", "ready s", "CPU s",
                "% core", "ingest %", "broker %", "JVM %", "vs alone", "threads", "heap MiB");
        for (Run r : runs) {
            CpuWindow.Figures f = r.figures();
            boolean loop = r.streams() > 0;
            System.out.printf("%-20s %,7d %7s %7.2f %7.2f%% %8.2f%% %8.2f%% %8.2f%% %9s %4d (%2d) %9.1f%n", r.what(),
                    r.streams(), loop ? String.format("%.1f", r.readySeconds()) : "-", f.cpuSeconds(),
                    f.percent(f.cpuSeconds()), f.percent(f.ownCpuSeconds()), f.percent(f.otherCpuSeconds()),
                    f.percent(f.jvmCpuSeconds()),
                    loop ? String.format("%+.2f%%", f.percent(f.cpuSeconds()) - base.percent(base.cpuSeconds())) : "-",
                    f.threads(), f.ownThreads(), f.heapMiB());
        }
        System.out.printf("%n%% core: CPU of the whole JVM over the window, as a share of one core; ingest: of the"
                + " ingest-service's threads%n(ingest-*, and its Kafka clients' \"... | datasurface-ingest-...\");"
                + " broker: the other Java threads (broker, harness);%nJVM: on no Java thread (GC, JIT, VM);"
                + " vs alone: %% core minus the broker-alone window's; threads: live (the ingest-service's);%n"
                + "heap: used after a full GC at the window's end.%n");
        Run largest = runs.get(runs.size() - 1);
        Figures.print("idle.core.percent", largest.figures().percent(largest.figures().ownCpuSeconds()));
        for (Run r : runs) {
            CpuWindow.Figures f = r.figures();
            System.out.printf("%nthreads using the most CPU, %s%s:%n", r.what(),
                    r.streams() > 0 ? String.format(" (%,d streams)", r.streams()) : "");
            f.groups().stream().limit(12).forEach(g -> System.out.printf("  %6.3f%% %4s  %s%n",
                    f.percent(g.cpuSeconds()), g.threads() > 1 ? "×" + g.threads() : "", g.name()));
        }
    }

    private static void progress(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}

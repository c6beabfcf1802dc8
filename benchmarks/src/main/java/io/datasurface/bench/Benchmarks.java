package io.datasurface.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark programs: {@code java -jar benchmarks/target/benchmarks.jar NAME [ARGS]}.
 * Each prints its figures; none fails on a time.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: java [-Xmx2g] -jar benchmarks/target/benchmarks.jar NAME [ARGS]");
            System.out.println("  model-scale [--stores N] [--datasets-per-store N] [--workspaces N] [--dir DIR]");
            System.out.println("      generates a model and prints time and heap for load + lint + graph, at 1/10,");
            System.out.println("      1/2 and full size (default 10,000 stores, 10 datasets each, 3,000 workspaces)");
            System.out.println("  merge [--rows N] [--pg 15|16|17] [--changes-only K]");
            System.out.println("      raw COPY pipe vs run-job first load and 1%-changed batches, live-only and forensic,");
            System.out.println("      and the forensic merge statement vs the reference four statements (default 1,000,000 rows);");
            System.out.println("      --changes-only K: only the forensic batch carrying what changed, on K tables (for profiling)");
            System.out.println("  pipeline [--rows N]");
            System.out.println("      a snapshot through Kafka: the ingest step and an EventMerge consumer at once, source to");
            System.out.println("      committed merge, live-only and forensic, then both platforms at once through the");
            System.out.println("      merge-service's MergeLoop, vs the raw COPY pipe (default 1,000,000 rows)");
            System.out.println("  cdc-latency [--rate N] [--seconds N]");
            System.out.println("      single-row source changes at N a second through Debezium, Kafka and EventMerge: p50/p90/p99");
            System.out.println("      from source commit to the row visible in the merge table, live-only and forensic");
            System.out.println("      (default 1,000 a second for 60 s)");
            System.out.println("  idle-streams [--streams N] [--small N] [--seconds S]");
            System.out.println("      N snapshot streams waiting on a cron 12 h away on one IngestLoop: CPU of the JVM (the");
            System.out.println("      ingest-service's threads apart), threads and heap over S seconds, vs the broker alone");
            System.out.println("      and vs --small streams (default 10,000 streams, 1,000 small (0: none), 60 s)");
            System.out.println("  small-streams [--streams N] [--rows-per-stream N] [--source-databases N] [--deadline S]");
            System.out.println("      N small snapshot streams triggered at once through one IngestLoop and one MergeLoop: time");
            System.out.println("      until all are committed vs their rows as one stream, and each stream's wait vs the median");
            System.out.println("      (default 1,000 streams of 1,000 rows in 10 source databases, 300 s deadline a phase)");
            System.out.println("  run-job-fresh [--rows N] [--pg 15|16|17]");
            System.out.println("      run-job's first load in a fresh Java process, timed from its start to its exit, live-only and");
            System.out.println("      forensic, vs the raw COPY pipe (default 1,000,000 rows, PostgreSQL 15)");
            System.out.println("  peer [--rows N] [--seconds N] [--sink-batch N] [--sink-defaults] [--sink-unnest]");
            System.out.println("      the peer: Debezium's PostgreSQL source and JDBC sink connectors (upsert) in Kafka Connect");
            System.out.println("      standalone in-JVM: first load vs the raw COPY pipe, then CDC at 1,000, 2,000, 4,000…");
            System.out.println("      changes a second for N s each until the p99 commit → visible passes a second (default");
            System.out.println("      1,000,000 rows, 20 s, sink batch.size 5,000; --sink-defaults: its default 500)");
            System.out.println("  all [--rows N]");
            System.out.println("      pipeline, run-job-fresh, merge (PostgreSQL 15), cdc-latency at rising rates, idle-streams and");
            System.out.println("      small-streams and peer, each in a process of its own, then one table of the throughput");
            System.out.println("      targets and the figures measured");
            System.out.println("  (-Dbench.compression=none|lz4|zstd: the producers' compression, zstd as the ingest-service's)");
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "model-scale" -> ModelScaleBenchmark.run(rest);
            case "merge" -> MergeBenchmark.run(rest);
            case "pipeline" -> PipelineBenchmark.run(rest);
            case "cdc-latency" -> CdcLatencyBenchmark.run(rest);
            case "run-job-fresh" -> FreshRunJobBenchmark.run(rest);
            case "run-job-child" -> FreshRunJobBenchmark.child(rest);
            case "all" -> AllBenchmarks.run(rest);
            case "idle-streams" -> IdleStreamsBenchmark.run(rest);
            case "small-streams" -> SmallStreamsBenchmark.run(rest);
            case "peer" -> PeerBenchmark.run(rest);
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "'; run with --help for the list");
                System.exit(1);
            }
        }
    }
}

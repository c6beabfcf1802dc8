package io.datasurface.bench;

import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Problem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Load + lint + graph of a generated model at 1/10, 1/2 and full size; prints times, problems, peak
 * heap and heap retained by the loaded model, so cost growth can be read off.
 */
final class ModelScaleBenchmark {
    private ModelScaleBenchmark() {
    }

    static void run(String[] args) throws IOException {
        int stores = 10_000;
        int datasetsPerStore = 10;
        int workspaces = 3_000;
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--stores" -> stores = Integer.parseInt(value);
                case "--datasets-per-store" -> datasetsPerStore = Integer.parseInt(value);
                case "--workspaces" -> workspaces = Integer.parseInt(value);
                case "--dir" -> dir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path base = dir != null ? dir : Files.createTempDirectory("ds-model-scale");
        System.out.printf("model-scale: %d cores, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        System.out.printf("%-6s %8s %9s %10s %9s %9s %9s %9s %9s %11s %11s%n", "size", "stores", "datasets",
                "workspaces", "files", "load s", "lint s", "graph s", "total s", "peak MiB", "model MiB");
        try {
            for (int div : new int[] {10, 2, 1}) {
                Path root = base.resolve("size-" + div);
                ModelGenerator.write(root, stores / div, datasetsPerStore, workspaces / div);
                // the first pass warms the file cache and the JIT for this size; the second is printed
                measure(root, stores / div, datasetsPerStore, workspaces / div, "", false);
                measure(root, stores / div, datasetsPerStore, workspaces / div, div == 1 ? "full" : "1/" + div, true);
            }
        } finally {
            if (dir == null) {
                deleteTree(base);
            }
        }
    }

    private static void measure(Path root, int stores, int perStore, int workspaces, String label, boolean print)
            throws IOException {
        long files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).count();
        }
        gc();
        resetPeaks();
        long t0 = System.nanoTime();
        LoadResult loaded = ModelLoader.load(root);
        long t1 = System.nanoTime();
        List<Problem> problems = Linter.lint(loaded.model());
        long t2 = System.nanoTime();
        Map<String, PipelineGraph> graphs = GraphBuilder.buildAll(loaded.model());
        long t3 = System.nanoTime();
        long peak = peakHeap();
        gc();
        long retained = usedHeap();
        if (!print) {
            return;
        }
        long errors = Stream.concat(loaded.problems().stream(), problems.stream()).filter(Problem::isError).count();
        int exports = graphs.values().stream().mapToInt(g -> g.exports().size()).sum();
        System.out.printf("%-6s %8d %9d %10d %9d %9.2f %9.2f %9.2f %9.2f %11d %11d%n", label, stores,
                stores * perStore, workspaces, files, secs(t1 - t0), secs(t2 - t1), secs(t3 - t2), secs(t3 - t0),
                peak >> 20, retained >> 20);
        System.out.printf("       errors: %d, streams: %d, exports: %d%n", errors,
                graphs.values().stream().mapToInt(g -> g.streams().size()).sum(), exports);
        if (errors > 0) {
            System.out.println("       first problem: " + Stream.concat(loaded.problems().stream(), problems.stream())
                    .filter(Problem::isError).findFirst().orElseThrow());
        }
        // keep the model reachable until the retained heap was measured
        if (loaded.model().datastores().size() + graphs.size() < 0) {
            System.out.println();
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

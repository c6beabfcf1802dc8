package io.datasurface.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What this JVM spends in a window of time while it only waits: the process's CPU time
 * ({@code OperatingSystemMXBean#getProcessCpuTime}), the part of it each Java thread used (ThreadMXBean), the live
 * threads at the end and the heap used after a full GC. The rest of the process's CPU, on no Java thread, is the
 * JVM's own (GC, JIT compilers, VM thread); a thread that ended within the window is counted there too.
 */
final class CpuWindow {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuWindow() {
    }

    /** CPU seconds of the threads whose names are alike (digits as {@code #}), and how many such threads. */
    record ThreadGroup(String name, int threads, double cpuSeconds) {
    }

    /**
     * @param ownCpuSeconds  CPU of the threads {@code own} matched (the ingest-service's)
     * @param otherCpuSeconds CPU of the other Java threads (the broker's, the harness's)
     * @param jvmCpuSeconds  process CPU on no Java thread: GC, JIT, VM
     * @param ownThreads     live threads {@code own} matched, at the end
     */
    record Figures(double seconds, double cpuSeconds, double ownCpuSeconds, double otherCpuSeconds,
                   double jvmCpuSeconds, int threads, int ownThreads, double heapMiB, List<ThreadGroup> groups) {
        /** Percent of one core. */
        double percent(double cpu) {
            return 100 * cpu / seconds;
        }
    }

    /**
     * Collects garbage (so what the setup left is not collected inside the window), then measures for
     * {@code window}, sleeping; {@code own} says, by thread name, which threads are the ones under test.
     */
    static Figures measure(Duration window, Predicate<String> own) throws InterruptedException {
        System.gc();
        Start start = start();
        Thread.sleep(window.toMillis());
        return start.end(own);
    }

    /** Where a window began: each thread's CPU time and the process's then. */
    static final class Start {
        private final Map<Long, Long> before = threadCpu();
        private final long processBefore = OS.getProcessCpuTime();
        private final long start = System.nanoTime();

        /** The window from the start until now; {@code own} as for {@link #measure}. */
        Figures end(Predicate<String> own) {
            long processAfter = OS.getProcessCpuTime();
            double seconds = (System.nanoTime() - start) / 1e9;
            return figures(before, processBefore, processAfter, seconds, own);
        }
    }

    /** Starts a window that ends when the caller says ({@link Start#end}), without a GC first. */
    static Start start() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure the CPU time of threads");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        return new Start();
    }

    private static Figures figures(Map<Long, Long> before, long processBefore, long processAfter, double seconds,
                                   Predicate<String> own) {
        Map<Long, Long> after = threadCpu();
        Map<Long, String> names = names(after.keySet());

        double process = (processAfter - processBefore) / 1e9;
        double ownCpu = 0;
        double otherCpu = 0;
        int ownThreads = 0;
        Map<String, double[]> byGroup = new TreeMap<>();
        for (var e : after.entrySet()) {
            String name = names.get(e.getKey());
            if (name == null) {
                continue; // ended meanwhile
            }
            double cpu = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9;
            if (own.test(name)) {
                ownCpu += cpu;
                ownThreads++;
            } else {
                otherCpu += cpu;
            }
            double[] g = byGroup.computeIfAbsent(name.replaceAll("[0-9]+", "#"), k -> new double[2]);
            g[0]++;
            g[1] += cpu;
        }
        List<ThreadGroup> groups = new ArrayList<>();
        byGroup.forEach((name, g) -> groups.add(new ThreadGroup(name, (int) g[0], g[1])));
        groups.sort(Comparator.comparingDouble(ThreadGroup::cpuSeconds).reversed());
        int threads = THREADS.getThreadCount();
        System.gc();
        double heap = MEMORY.getHeapMemoryUsage().getUsed() / 1048576.0;
        return new Figures(seconds, process, ownCpu, otherCpu, Math.max(0, process - ownCpu - otherCpu), threads,
                ownThreads, heap, groups);
    }

    /** The process's CPU time and each live thread's at one moment, to compare with a later one. */
    record Usage(long processNanos, Map<Long, Long> threadNanos) {
        static Usage now() {
            THREADS.setThreadCpuTimeEnabled(true);
            return new Usage(OS.getProcessCpuTime(), threadCpu());
        }

        /** The process's CPU seconds since {@code before}. */
        double processSecondsSince(Usage before) {
            return (processNanos - before.processNanos) / 1e9;
        }

        /** The CPU seconds of the thread groups since {@code before} (threads alive now), most first. */
        List<ThreadGroup> groupsSince(Usage before) {
            Map<Long, String> names = names(threadNanos.keySet());
            Map<String, double[]> byGroup = new TreeMap<>();
            threadNanos.forEach((id, cpu) -> {
                String name = names.get(id);
                if (name != null) {
                    double[] g = byGroup.computeIfAbsent(name.replaceAll("[0-9]+", "#"), k -> new double[2]);
                    g[0]++;
                    g[1] += (cpu - before.threadNanos.getOrDefault(id, 0L)) / 1e9;
                }
            });
            List<ThreadGroup> groups = new ArrayList<>();
            byGroup.forEach((name, g) -> groups.add(new ThreadGroup(name, (int) g[0], g[1])));
            groups.sort(Comparator.comparingDouble(ThreadGroup::cpuSeconds).reversed());
            return groups;
        }
    }

    /** Each live thread's CPU time so far, in nanoseconds. */
    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }

    private static Map<Long, String> names(java.util.Set<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(ids.stream().mapToLong(Long::longValue).toArray())) {
            if (info != null) {
                out.put(info.getThreadId(), info.getThreadName());
            }
        }
        return out;
    }
}

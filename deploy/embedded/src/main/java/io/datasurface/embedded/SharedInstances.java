package io.datasurface.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One broker and one server per PostgreSQL version for the whole JVM, started on first use. They
 * stop when the JUnit run ends (see {@link RunEnd}) or, at the latest, when the JVM exits.
 */
final class SharedInstances {

    private static final Map<Object, AutoCloseable> INSTANCES = new LinkedHashMap<>();
    private static boolean shutdownHookInstalled;

    private SharedInstances() {
    }

    static synchronized <T extends AutoCloseable> T get(Object key, Class<T> type, Supplier<T> starter) {
        AutoCloseable existing = INSTANCES.get(key);
        if (existing != null) {
            return type.cast(existing);
        }
        T started = starter.get();
        INSTANCES.put(key, started);
        if (!shutdownHookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInstances::closeAll, "embedded-infrastructure-stop"));
            shutdownHookInstalled = true;
        }
        return started;
    }

    /** Stops every shared instance, newest first. A later {@link #get} starts a fresh one. */
    static void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (SharedInstances.class) {
            toClose = new ArrayList<>(INSTANCES.values());
            INSTANCES.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + toClose.get(i) + ": " + e);
            }
        }
    }

    /** Put in the root store of a JUnit run, so that JUnit closes the shared instances when the run ends. */
    static final class RunEnd implements AutoCloseable {
        @Override
        public void close() {
            closeAll();
        }
    }
}

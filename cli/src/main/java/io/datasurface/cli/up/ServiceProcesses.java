package io.datasurface.cli.up;

import io.datasurface.model.fault.Backoff;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four services, each a separate {@code java -jar …/quarkus-app/quarkus-run.jar} process — the same
 * artifacts as in production — listening on 127.0.0.1 only, with its log in the data directory (a folder only
 * its owner can read: failures may quote data). One that dies is started again (after 1, 2, 4 … up to 30
 * seconds); all are stopped with SIGTERM, then killed if they linger.
 */
public final class ServiceProcesses implements AutoCloseable {
    /**
     * One service: its name, module folder, HTTP port, its settings and its secret settings. Settings go on
     * its command line as system properties, which anyone on the machine can read ({@code ps}); secret ones
     * go in its environment, which only its user can, by the name Quarkus reads them under
     * ({@code quarkus.datasource.password} → {@code QUARKUS_DATASOURCE_PASSWORD}).
     */
    public record Service(String name, String module, int port, Map<String, String> properties,
                          Map<String, String> secrets) {
    }

    /** The one address the services listen on. */
    static final String HOST = "127.0.0.1";

    private static final Backoff RESTART = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final Path home;
    private final Path logs;
    private final PrintWriter out;
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Integer> restarts = new LinkedHashMap<>();
    private volatile boolean stopping;
    private Thread watcher;

    public ServiceProcesses(Path home, Path logs, PrintWriter out) {
        this.home = home;
        this.logs = logs;
        this.out = out;
    }

    /** The service's runnable jar, or an error saying how to build it. */
    public Path jarOf(Service s) {
        Path jar = home.resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the " + s.name() + " is not built (" + jar + " is missing); build it with "
                    + "./mvnw -B -DskipTests package");
        }
        return jar;
    }

    public synchronized void start(Service s) {
        services.put(s.name(), s);
        Process p = launch(s);
        running.put(s.name(), p);
        out.println("  " + s.name() + ": http://" + HOST + ":" + s.port() + " (pid " + p.pid() + ")");
        out.flush();
    }

    /**
     * From now on a service that ends is not started again: Ctrl-C at a terminal reaches the services too
     * (one process group), and they end before {@link #close} would say so.
     */
    public void stopping() {
        stopping = true;
    }

    /** Watches the processes and starts again one that died. */
    public void watch() {
        watcher = new Thread(() -> {
            while (!stopping) {
                synchronized (this) {
                    for (Service s : services.values()) {
                        Process p = running.get(s.name());
                        if (p != null && !p.isAlive() && !stopping) {
                            int n = restarts.merge(s.name(), 1, Integer::sum);
                            out.println("The " + s.name() + " stopped (exit code " + p.exitValue() + "; see "
                                    + logs.resolve(s.name() + ".log") + "); starting it again");
                            out.flush();
                            running.put(s.name(), null);
                            Duration wait = RESTART.delay(n);
                            Thread restart = new Thread(() -> {
                                try {
                                    Thread.sleep(wait.toMillis());
                                } catch (InterruptedException e) {
                                    return;
                                }
                                synchronized (ServiceProcesses.this) {
                                    if (!stopping) {
                                        Process again = launch(s);
                                        running.put(s.name(), again);
                                        out.println("  " + s.name() + ": http://" + HOST + ":" + s.port() + " (pid "
                                                + again.pid() + ")");
                                        out.flush();
                                    }
                                }
                            });
                            restart.setDaemon(true);
                            restart.start();
                        }
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "service-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private Process launch(Service s) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dquarkus.http.host=" + HOST);
        cmd.add("-Dquarkus.http.port=" + s.port());
        s.properties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jarOf(s).toString());
        try {
            LocalSecrets.ownerOnlyFolder(logs);
            ProcessBuilder process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(s.name() + ".log").toFile()));
            s.secrets().forEach((k, v) -> process.environment().put(environmentName(k), v));
            return process.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + s.name() + ": " + e.getMessage(), e);
        }
    }

    /** The environment variable Quarkus reads a setting from: each character not a letter or digit becomes '_'. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        stopping = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        running.values().stream().filter(p -> p != null && p.isAlive()).forEach(Process::destroy);
        for (Process p : running.values()) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

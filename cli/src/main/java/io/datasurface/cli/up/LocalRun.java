package io.datasurface.cli.up;

import io.datasurface.cli.up.ServiceProcesses.Service;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.json.Json;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code datasurface up}: the embedded broker and PostgreSQL in this JVM, the four services as processes,
 * the example's source database (or the user's model), the model deployed through the model-service, a
 * change simulator, and progress lines every few seconds (the views, then each stream's status) until Ctrl-C.
 */
public final class LocalRun {
    /** What the user asked for. */
    public record Options(Path home, Path dataDir, Path model, boolean example, boolean simulator,
                          double changesPerSecond, Duration simulateFor, Duration runFor, Duration triggerEvery,
                          String capture) {
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The credential the ingest-service reads the merge store with (snapshots that carry only what changed). */
    private static final String MERGE_STORE_CREDENTIAL = "datasurface_merge_store";
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Options options;
    private final PrintWriter out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ServiceProcesses processes;

    public LocalRun(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Ends the run and waits until everything has stopped (Ctrl-C calls this through a shutdown hook). */
    public void stop() {
        ServiceProcesses p = processes;
        if (p != null) {
            p.stopping();
        }
        stop.countDown();
        try {
            finished.await(90, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int run() throws Exception {
        try {
            return runAll();
        } finally {
            finished.countDown();
        }
    }

    private int runAll() throws Exception {
        Path data = options.dataDir().toAbsolutePath();
        say("Starting the embedded Kafka broker and PostgreSQL (data in " + data + ") ...");
        try (LocalStack stack = LocalStack.start(data)) {
            LocalSecrets secrets = LocalSecrets.open(data);
            Path model = prepareModel(stack, data, secrets);
            PipelineGraph[] graphs = graphs(model);
            String secret = secrets.webhookSecret();
            String admin = "Bearer " + secrets.adminToken();
            int modelPort = freePort();
            int ingestPort = freePort();
            String mergeStoreUrl = "jdbc:postgresql://127.0.0.1:" + stack.postgres().port() + "/" + LocalStack.MERGE_DB;
            secrets.credential(MERGE_STORE_CREDENTIAL, stack.postgres().user(), stack.postgres().password());
            // secrets go to the services in their environment, never on a command line (ps shows those to everyone)
            Map<String, String> mergeStoreLogin = Map.of("quarkus.datasource.username", stack.postgres().user(),
                    "quarkus.datasource.password", stack.postgres().password());
            Map<String, String> adminToken = Map.of("datasurface.admin.token", secrets.adminToken());
            List<Service> services = List.of(
                    new Service("model-service", "model-service/app", modelPort, Map.of(
                            "quarkus.datasource.jdbc.url", mergeStoreUrl,
                            "datasurface.kafka.bootstrap-servers", stack.bootstrapServers(),
                            // up deploys the model folder through POST /deployments; the service is on 127.0.0.1
                            "datasurface.model-service.allow-local-repositories", "true",
                            "datasurface.model-service.models-dir", data.resolve("models").toString()),
                            with(with(mergeStoreLogin, adminToken), Map.of("datasurface.model-service.webhook-secret",
                                    secret))),
                    new Service("ingest-service", "ingest-service/app", ingestPort, Map.of(
                            "datasurface.kafka.bootstrap-servers", stack.bootstrapServers(),
                            "datasurface.ingest-service.credential-store", "file:" + secrets.credentialStore(),
                            "datasurface.ingest-service.chunk-rows", "10000",
                            "datasurface.ingest-service.instance", "local",
                            // snapshots after the first carry only what changed, from the merge store's hashes
                            "datasurface.ingest-service.merge-store", mergeStoreUrl,
                            "datasurface.ingest-service.merge-store-credential", MERGE_STORE_CREDENTIAL), adminToken),
                    new Service("merge-service", "merge-service/app", freePort(), Map.of(
                            "quarkus.datasource.jdbc.url", mergeStoreUrl,
                            "datasurface.kafka.bootstrap-servers", stack.bootstrapServers(),
                            // a restarted merge-service takes its partitions back at once (static group membership)
                            "datasurface.merge-service.instance", "local"), mergeStoreLogin),
                    new Service("view-service", "view-service/app", freePort(), Map.of(
                            "quarkus.datasource.jdbc.url", mergeStoreUrl,
                            "datasurface.kafka.bootstrap-servers", stack.bootstrapServers()), mergeStoreLogin));
            try (ServiceProcesses processes = new ServiceProcesses(options.home(), data.resolve("logs"), out)) {
                this.processes = processes;
                services.forEach(processes::jarOf); // all built, or say so before starting anything
                say("Starting the model, ingest, merge and view services (logs in " + data.resolve("logs") + "):");
                services.forEach(processes::start);
                processes.watch();
                try (ChangeSimulator simulator = simulator(stack)) { // seeds the example's source first
                    deploy(modelPort, secret, model);
                    triggerAll(ingestPort, admin, graphs);
                    if (options.example() && options.simulator()) {
                        simulator.start();
                        say("The change simulator inserts, updates and deletes customers and addresses, "
                                + options.changesPerSecond() + " changes a second (--no-simulator leaves the source "
                                + "alone).");
                    }
                    printConnections(stack, graphs, secrets);
                    showProgress(stack, modelPort, ingestPort, admin, graphs, simulator);
                }
                say("Stopping ...");
            }
        }
        say("Stopped. The data stays in " + data + "; 'datasurface up' again carries on from it.");
        return 0;
    }

    /** The example (its source database made and its addresses pointed here), or the user's model as it is. */
    private Path prepareModel(LocalStack stack, Path data, LocalSecrets secrets) throws IOException, SQLException {
        if (!options.example()) {
            return options.model();
        }
        Path source = options.model();
        if (stack.createDatabase("crm", Files.readString(source.resolve("source.sql")))) {
            say("Created the example's source database crm.");
        }
        Path copy = data.resolve("model");
        Path store = copy.resolve("zones/retail/teams/crm/customers.yaml");
        if (!Files.isDirectory(copy)) {
            copyTree(source, copy);
            String port = Integer.toString(stack.postgres().port());
            rewrite(copy.resolve("ecosystem.yaml"), "host: localhost", "host: 127.0.0.1", "port: 5432", "port: " + port);
            rewrite(store, "host: localhost", "host: 127.0.0.1", "port: 5432", "port: " + port);
            if (options.capture().equals("cdc")) {
                rewrite(store, "type: sql-snapshot", "type: cdc", "  trigger:\n    cron: \"*/1 * * * *\"            # or: external\n",
                        "");
            }
        }
        String kept = Files.readString(store).contains("type: cdc") ? "cdc" : "sql-snapshot";
        if (!kept.equals(options.capture())) {
            throw new IllegalArgumentException("the data directory " + data + " runs the example with --capture " + kept
                    + "; give that, or another --data-dir for --capture " + options.capture());
        }
        for (String name : List.of("crm_reader", "merge_rw")) {
            secrets.credential(name, stack.postgres().user(), stack.postgres().password());
        }
        return copy;
    }

    private PipelineGraph[] graphs(Path model) {
        LoadResult loaded = Linter.validate(model);
        if (loaded.hasErrors()) {
            throw new IllegalArgumentException("the model in " + model + " has errors; run 'datasurface validate --model "
                    + model + "' to see them");
        }
        return GraphBuilder.buildAll(loaded.model()).values().toArray(PipelineGraph[]::new);
    }

    private void deploy(int modelPort, String secret, Path model) throws InterruptedException {
        String base = "http://127.0.0.1:" + modelPort;
        waitFor("the model-service", () -> Http.get(base + "/q/health/ready").map(r -> r.statusCode() == 200)
                .orElse(false), Duration.ofSeconds(120));
        say("Deploying the model " + model + " through the model-service ...");
        Optional<HttpResponse<String>> r = Http.post(base + "/deployments?wait=true",
                Json.write(Map.of("path", model.toString())), "Bearer " + secret, Duration.ofMinutes(2));
        if (r.isEmpty() || r.get().statusCode() != 200) {
            throw new IllegalStateException("the model-service did not deploy the model: "
                    + r.map(HttpResponse::body).orElse("no answer"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = Json.read(r.get().body(), Map.class);
        Object status = result.get("status");
        if (!"DEPLOYED".equals(status)) {
            throw new IllegalStateException("the model was not deployed (" + status + "): " + r.get().body());
        }
        say("Deployed " + (Boolean.TRUE.equals(result.get("duplicate")) ? "(unchanged since the last run) " : "")
                + "as " + result.get("modelVersion") + ".");
    }

    /** Runs every stream once now, rather than at its next cron time. */
    private void triggerAll(int ingestPort, String admin, PipelineGraph[] graphs) throws InterruptedException {
        for (PipelineGraph g : graphs) {
            for (IngestionNode n : g.streams()) {
                String url = "http://127.0.0.1:" + ingestPort + "/streams/" + n.key() + "/trigger";
                waitFor("the ingest-service to know " + n.key(), () -> Http.post(url, "", admin, Duration.ofSeconds(5))
                        .map(r -> r.statusCode() == 202 || r.statusCode() == 409).orElse(false), Duration.ofSeconds(120));
            }
        }
    }

    private ChangeSimulator simulator(LocalStack stack) throws SQLException {
        ChangeSimulator sim = new ChangeSimulator(() -> {
            try {
                return stack.postgres().connect("crm");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, options.changesPerSecond());
        if (options.example()) {
            sim.seed(100); // a first batch with rows to show
        }
        return sim;
    }

    private void printConnections(LocalStack stack, PipelineGraph[] graphs, LocalSecrets secrets) {
        out.println();
        out.println("Merge store:  " + stack.url(LocalStack.MERGE_DB));
        if (options.example()) {
            out.println("Source (CRM): " + stack.url("crm"));
        }
        out.println("Query it:     psql " + stack.url(LocalStack.MERGE_DB));
        out.println("Admin token:  in " + secrets.adminTokenFile() + " (send 'Authorization: Bearer <token>' to the "
                + "ingest-service's /streams and the model-service's graph and deployments)");
        out.println("Views:");
        for (PipelineGraph g : graphs) {
            for (ExportNode e : g.exports()) {
                out.println("  " + e.view() + (e.historyView() == null ? "" : "   and " + e.historyView()));
            }
        }
        out.println("Stop with Ctrl-C.");
        out.println();
        out.flush();
    }

    /**
     * Every few seconds: a line with the rows in each view (and the simulator's changes), then one line per
     * stream from the model-service's stream-status table ({@code GET /streams}).
     */
    private void showProgress(LocalStack stack, int modelPort, int ingestPort, String admin, PipelineGraph[] graphs,
                              ChangeSimulator sim) throws InterruptedException {
        Instant end = options.runFor() == null ? null : Instant.now().plus(options.runFor());
        Instant simulationEnd = options.simulateFor() == null ? null : Instant.now().plus(options.simulateFor());
        Duration tick = options.triggerEvery() != null && options.triggerEvery().compareTo(PROGRESS_EVERY) < 0
                ? options.triggerEvery() : PROGRESS_EVERY;
        Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
        Map<String, Object[]> viewCounts = new HashMap<>();
        while (!stop.await(tick.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (options.triggerEvery() != null) {
                for (PipelineGraph g : graphs) {
                    for (IngestionNode n : g.streams()) {
                        Http.post("http://127.0.0.1:" + ingestPort + "/streams/" + n.key() + "/trigger", "", admin,
                                Duration.ofSeconds(2));
                    }
                }
            }
            if (Instant.now().isBefore(nextProgress)) {
                continue;
            }
            nextProgress = Instant.now().plus(PROGRESS_EVERY);
            if (simulationEnd != null && Instant.now().isAfter(simulationEnd)) {
                sim.close();
                simulationEnd = null;
                say("The change simulator stopped (after " + options.simulateFor().toSeconds() + " s); the next "
                        + "batches bring the views to the source's final state.");
            }
            List<String> parts = new ArrayList<>();
            Optional<List<?>> streams = streams(modelPort, admin);
            parts.add("rows in views: " + viewRows(stack, graphs, committedBatches(streams), viewCounts));
            if (options.simulator() && options.example()) {
                parts.add(sim.changes() + " source changes");
            }
            out.println(java.time.LocalTime.now().format(CLOCK) + "  " + String.join(" | ", parts));
            streamLines(streams).forEach(out::println);
            out.flush();
            if (end != null && Instant.now().isAfter(end)) {
                return;
            }
        }
    }

    /** The model-service's {@code GET /streams} as parsed JSON, or empty with the reason it is missing. */
    private static Optional<List<?>> streams(int modelPort, String admin) {
        Optional<HttpResponse<String>> r = Http.get("http://127.0.0.1:" + modelPort + "/streams", admin);
        if (r.isEmpty() || r.get().statusCode() != 200) {
            return Optional.empty();
        }
        return Optional.of(Json.read(r.get().body(), List.class));
    }

    /** One line per stream, or one saying why there is none. */
    private static List<String> streamLines(Optional<List<?>> streams) {
        if (streams.isEmpty()) {
            return List.of("  stream status: the model-service does not answer");
        }
        return streams.get().isEmpty() ? List.of("  stream status: none yet") : StreamLines.of(streams.get());
    }

    /** Each stream's last committed batch id, by stream key. */
    private static Map<String, Object> committedBatches(Optional<List<?>> streams) {
        Map<String, Object> out = new HashMap<>();
        for (Object o : streams.orElse(List.of())) {
            Map<?, ?> s = (Map<?, ?>) o;
            if (s.get("lastCommitted") instanceof Map<?, ?> c && c.get("batchId") != null) {
                out.put(String.valueOf(s.get("stream")), c.get("batchId"));
            }
        }
        return out;
    }

    /**
     * Rows in each live view, or that it does not exist yet. A view is counted again only when its stream has
     * committed a batch since it was last counted ({@code cache}: view → {batch, rows}), so the tick does not
     * scan every large view every few seconds.
     */
    private static String viewRows(LocalStack stack, PipelineGraph[] graphs, Map<String, Object> committed,
                                   Map<String, Object[]> cache) {
        List<String> counts = new ArrayList<>();
        try (Connection c = stack.postgres().connect(LocalStack.MERGE_DB); Statement s = c.createStatement()) {
            for (PipelineGraph g : graphs) {
                for (ExportNode e : g.exports()) {
                    String name = e.platform() + "/" + e.workspace() + "/" + e.dsg() + "/" + e.dataset();
                    Object batch = committed.get(e.stream());
                    Object[] known = cache.get(e.view());
                    if (batch != null && known != null && batch.equals(known[0])) {
                        counts.add(name + " " + known[1]);
                        continue;
                    }
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public.\"" + e.view() + "\"")) {
                        rs.next();
                        counts.add(name + " " + rs.getLong(1));
                        if (batch != null) {
                            cache.put(e.view(), new Object[] {batch, rs.getLong(1)});
                        }
                    } catch (SQLException missing) {
                        counts.add(name + " -");
                    }
                }
            }
        } catch (SQLException e) {
            return "merge store unreachable (" + e.getMessage() + ")";
        }
        return String.join(", ", counts);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier done, Duration atMost)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("waited " + atMost.toSeconds() + " s for " + what
                        + "; see the logs in " + options.dataDir().toAbsolutePath().resolve("logs"));
            }
            if (stop.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("stopped while waiting for " + what);
            }
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void rewrite(Path file, String... pairs) throws IOException {
        String text = Files.readString(file);
        for (int i = 0; i < pairs.length; i += 2) {
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        Files.writeString(file, text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Collection<Path>) files.sorted().toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

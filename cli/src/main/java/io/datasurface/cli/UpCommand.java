package io.datasurface.cli;

import io.datasurface.cli.up.LocalRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasurface up}: the whole system on this machine. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the whole system on this machine: an embedded Kafka broker and PostgreSQL (data kept "
                + "under --data-dir), the model, ingest, merge and view services as processes, the example's CRM "
                + "source database with a change simulator, and the example model deployed through the model-service.",
            "Prints the connection URLs and the views to query, then a progress line every few seconds. Ctrl-C stops "
                    + "everything; running it again carries on from the data directory."})
final class UpCommand implements Callable<Integer> {
    /** Set by the ./datasurface launcher to the repository root. */
    static final String HOME_PROPERTY = "datasurface.home";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Run this model instead of the example (its sources "
            + "and merge store addresses are used as they are; the services write to the embedded merge store).")
    Path model;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".datasurface",
            description = "Where the broker's and PostgreSQL's data, the service logs and the deployed models are kept. "
                    + "Default: ${DEFAULT-VALUE} (in the current folder).")
    Path dataDir;

    @Option(names = "--no-simulator", description = "Leave the example's source database alone.")
    boolean noSimulator;

    @Option(names = "--changes-per-second", paramLabel = "N", defaultValue = "2",
            description = "How fast the change simulator changes the source. Default: ${DEFAULT-VALUE}.")
    double changesPerSecond;

    @Option(names = "--capture", paramLabel = "TYPE", defaultValue = "sql-snapshot",
            description = "How the example's CRM datastore is captured: sql-snapshot (a full snapshot every minute) or "
                    + "cdc (every committed change within about a second, through Debezium and a replication slot). "
                    + "A data directory keeps the capture it was started with. Default: ${DEFAULT-VALUE}.")
    String capture;

    @Option(names = "--simulate-for", paramLabel = "SECONDS", hidden = true,
            description = "Stop the change simulator after this long (for tests).")
    Long simulateForSeconds;

    @Option(names = "--trigger-every", paramLabel = "SECONDS", hidden = true,
            description = "Also trigger every stream this often, besides its own triggers (for tests).")
    Double triggerEverySeconds;

    @Option(names = "--run-for", paramLabel = "SECONDS", hidden = true,
            description = "Stop by itself after this long (for tests).")
    Long runForSeconds;

    @Override
    public Integer call() throws Exception {
        if (changesPerSecond <= 0) {
            throw new IllegalArgumentException("--changes-per-second must be more than 0");
        }
        if (!capture.equals("sql-snapshot") && !capture.equals("cdc")) {
            throw new IllegalArgumentException("--capture must be sql-snapshot or cdc, not '" + capture + "'");
        }
        if (model != null) {
            ModelDirs.requireFolder(model, "--model");
            if (!capture.equals("sql-snapshot")) {
                throw new IllegalArgumentException("--capture applies to the example only; a model given with --model "
                        + "says its own capture (capture: type: in each datastore)");
            }
        }
        Path home = home();
        Path dir = model != null ? model : home.resolve("docs/examples/mvp");
        LocalRun run = new LocalRun(new LocalRun.Options(home, dataDir, dir, model == null, !noSimulator,
                changesPerSecond, simulateForSeconds == null ? null : Duration.ofSeconds(simulateForSeconds),
                runForSeconds == null ? null : Duration.ofSeconds(runForSeconds),
                triggerEverySeconds == null ? null : Duration.ofMillis((long) (triggerEverySeconds * 1000)), capture),
                spec.commandLine().getOut());
        Thread hook = new Thread(run::stop, "datasurface-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already stopping (Ctrl-C): the hook has run
            }
        }
    }

    /** The repository root: where the example and the services' jars are. */
    private static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of("");
        if (!Files.isDirectory(base.resolve("docs/examples/mvp"))) {
            throw new IllegalArgumentException("the example model " + base.resolve("docs/examples/mvp").toAbsolutePath()
                    + " is missing; run 'datasurface up' from the repository root (./datasurface up)");
        }
        return base;
    }
}

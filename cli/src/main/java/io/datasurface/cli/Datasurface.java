package io.datasurface.cli;

import io.datasurface.executions.cli.ExecutionsCommand;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code datasurface} command: one subcommand class per subcommand. */
@Command(name = "datasurface",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "DataSurface/J: declare in a git-managed model what data exists and who needs it; "
                + "the platform ingests, merges and serves it.",
        subcommands = {
            UpCommand.class,
            ImagesCommand.class,
            ValidateCommand.class,
            CheckChangesCommand.class,
            GraphCommand.class,
            RunJobCommand.class,
            ReconcileViewsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'datasurface COMMAND --help' for a command's options."})
public final class Datasurface implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Flyway and the schema migrations log through java.util.logging, whose default console handler would
     * put their progress on standard error between a command's own lines (run-job's first step on a new
     * platform migrates its schema): only their warnings show. {@code datasurface executions --log-level}
     * sets its own levels. Held here: java.util.logging forgets the level of a logger nobody holds.
     */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.flywaydb"),
            Logger.getLogger("io.datasurface.migrations"));

    public static void main(String[] args) {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Datasurface());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Errors::onBadArguments);
        cl.setExecutionExceptionHandler(Errors::onFailure);
        ExecutionsCommand.addTo(cl);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.datasurface.cli;

import io.datasurface.executions.cli.ExecutionsCommand;
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

    public static void main(String[] args) {
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

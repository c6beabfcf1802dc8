package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.model.credential.DatabaseUrl;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code datasurface executions [--log-level LEVEL] DB_URL COMMAND [ARGS]}: records executions of a
 * data pipeline and detects which models changed since the last successful one; a drop-in for the
 * data pipeline orchestrator's command line. Standard output carries only the result; logs and the
 * one error line go to standard error; the exit code is 0 on success and 1 on any failure.
 *
 * <p>Standalone: {@code commandLine().execute(args)}. In a host command line:
 * {@link #addTo(CommandLine)}.
 */
@Command(name = "executions",
        customSynopsis = "${COMMAND-FULL-NAME} [-h] [-l=LEVEL] DB_URL COMMAND [ARGS]",
        description = {"Record executions of a data pipeline, their steps and the checksums of their model files, "
                + "in PostgreSQL; tell which models changed since the last successful execution.",
            "Standard output carries only the result (for $(...) in scripts); logs and errors go to standard "
                + "error. Exit code 0 on success, 1 on any failure. The tables are created on first use."},
        subcommands = {
            InitExecutionCommand.class,
            GetLastSuccessfulExecutionCommand.class,
            GetExecutionCompletionTimestampCommand.class,
            InitStepCommand.class,
            CompareStepModelsCommand.class,
            CompleteStepCommand.class,
            CompleteExecutionCommand.class,
            MigrateCommand.class
        },
        footer = {"", "Run '${COMMAND-FULL-NAME} DB_URL COMMAND --help' (or '${COMMAND-FULL-NAME} COMMAND --help') "
                + "for a command's arguments."})
public final class ExecutionsCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    private static final System.Logger LOG = System.getLogger(ExecutionsCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", defaultValue = "WARNING",
            converter = LogLevel.Converter.class,
            description = "What to log on standard error: CRITICAL, ERROR, WARNING, INFO or DEBUG "
                    + "(any case). Default: ${DEFAULT-VALUE}.")
    LogLevel logLevel;

    /** Optional for picocli so that {@code executions COMMAND --help} works; {@link #execute} requires it. */
    @Parameters(index = "0", arity = "0..1", paramLabel = "DB_URL",
            description = {"The PostgreSQL database: jdbc:postgresql://HOST:PORT/DB[?user=U&password=P] or "
                    + "postgresql[+DRIVER]://USER:PASSWORD@HOST:PORT/DB (e.g. postgresql+psycopg2://...).",
                "The password never appears in output or logs."})
    String dbUrl;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command with its subcommands and error handling, for {@code execute(args)} on its own or
     * {@code addSubcommand} in a host. picocli uses the handlers of the command line {@code execute}
     * is called on; in a host, use {@link #addTo(CommandLine)} or delegate to {@link #onBadArguments}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ExecutionsCommand());
        cl.getSubcommands().values().forEach(ExecutionsCommand::showDbUrlInSynopsis);
        cl.setParameterExceptionHandler(ExecutionsCommand::onBadArguments);
        cl.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println("error: " + Secrets.in(parsed.originalArgs().toArray(String[]::new))
                    .redact(oneLine(message(e))));
            return FAILURE;
        });
        return cl;
    }

    /**
     * Adds {@code executions} to a host command line and routes argument errors in it to
     * {@link #onBadArguments} (one line, passwords hidden); other errors still go to the host's handler.
     * Call it after the host has set its own handlers.
     */
    public static void addTo(CommandLine host) {
        host.addSubcommand("executions", commandLine());
        IParameterExceptionHandler hosts = host.getParameterExceptionHandler();
        host.setParameterExceptionHandler((e, args) -> owns(e.getCommandLine())
                ? onBadArguments(e, args) : hosts.handleParseException(e, args));
    }

    /** {@code executions init-step …} → {@code executions [-l=LEVEL] DB_URL init-step …}, also under a host. */
    private static void showDbUrlInSynopsis(CommandLine sub) {
        sub.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
            CommandSpec command = help.commandSpec();
            return help.synopsis(help.synopsisHeadingLength()).replaceFirst(Pattern.quote(command.qualifiedName()),
                    Matcher.quoteReplacement(command.parent().qualifiedName() + " [-l=LEVEL] DB_URL " + command.name()));
        });
    }

    /** Whether the command line is {@code executions} or one of its subcommands. */
    public static boolean owns(CommandLine cl) {
        for (CommandLine c = cl; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof ExecutionsCommand) {
                return true;
            }
        }
        return false;
    }

    /** One error line on standard error, without passwords; exit code 1. */
    public static int onBadArguments(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && cl.getCommand() instanceof ExecutionsCommand
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "'; the commands are: " + commandNames(cl);
        }
        cl.getErr().println("error: " + Secrets.in(args).redact(oneLine(message)) + " (run '"
                + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return FAILURE;
    }

    /** Without a command. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String problem = dbUrl == null ? "DB_URL and COMMAND are missing"
                : dbUrl.startsWith("jdbc:") || dbUrl.contains("://") ? "no COMMAND after DB_URL"
                : "'" + dbUrl + "' is neither a DB_URL nor a command";
        err.println("error: " + problem + "; the commands are: " + commandNames(spec.commandLine())
                + " (run '" + spec.qualifiedName() + " --help')");
        err.flush();
        return FAILURE;
    }

    /** What a subcommand does, given a way to open the store once its own arguments are checked. */
    interface Task {
        /** @return the line to print on standard output, or null for none */
        String run(Supplier<ExecutionStore> store);
    }

    /**
     * Runs a subcommand's task with logging set up: prints its result on standard output, or one
     * error line on standard error.
     *
     * @return the exit code
     */
    int execute(CommandSpec command, Task task) {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (dbUrl == null) {
            err.println("error: DB_URL is missing; write '" + spec.qualifiedName() + " DB_URL " + command.name()
                    + " …' (run '" + command.qualifiedName() + " --help')");
            err.flush();
            return FAILURE;
        }
        Secrets secrets = Secrets.in(dbUrl);
        RuntimeException failure;
        try (StderrLog ignored = StderrLog.install(logLevel, err, secrets)) {
            try {
                String result = task.run(() -> ExecutionStore.open(DatabaseUrl.parse(dbUrl)));
                if (result != null) {
                    out.println(result);
                }
                out.flush();
                return OK;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, command.name() + " failed", e);
                failure = e;
            }
        }
        err.println("error: " + secrets.redact(oneLine(message(failure))));
        err.flush();
        return FAILURE;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String commandNames(CommandLine cl) {
        List<String> names = List.copyOf(cl.getSubcommands().keySet());
        return String.join(", ", names);
    }
}

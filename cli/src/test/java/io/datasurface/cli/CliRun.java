package io.datasurface.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return withEnvironment(null, args);
    }

    /** As {@link #of}, with the environment reconcile-views sees (null: the real one). */
    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Datasurface.commandLine();
        if (environment != null) {
            ((ReconcileViewsCommand) cl.getSubcommands().get("reconcile-views").getCommandSpec().userObject())
                    .environment = environment;
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}

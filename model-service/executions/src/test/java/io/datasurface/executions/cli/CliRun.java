package io.datasurface.executions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of {@code datasurface executions ARGS} in-process: exit code, standard output and error. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ExecutionsCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Succeeded with nothing on standard error; returns the one line printed. */
    String line() {
        assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
        assertThat(err).as("stderr").isEmpty();
        assertThat(out).as("stdout").endsWith(System.lineSeparator());
        assertThat(out.lines()).as("stdout lines").hasSize(1);
        return out.strip();
    }

    /** Failed with exit code 1, nothing on standard output and one error line; returns that line. */
    String error() {
        assertThat(exitCode).as("exit code; stdout: %s", out).isEqualTo(1);
        assertThat(out).as("stdout").isEmpty();
        assertThat(err.lines()).as("stderr lines").hasSize(1);
        assertThat(err).startsWith("error: ");
        return err.strip();
    }
}

package io.datasurface.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** One clear line for every failure, exit code 1; a stack trace only with DATASURFACE_DEBUG=1. */
final class Errors {
    static final int FAILURE = 1;

    private Errors() {
    }

    static int onBadArguments(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("error: " + e.getMessage());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return FAILURE;
    }

    static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        cl.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if ("1".equals(System.getenv("DATASURFACE_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return FAILURE;
    }
}

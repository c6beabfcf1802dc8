package io.datasurface.executions.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand of {@code executions}: checks its arguments, then works on the store. */
abstract class StoreCommand implements Callable<Integer>, ExecutionsCommand.Task {
    @ParentCommand
    ExecutionsCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public final Integer call() {
        return parent.execute(spec, this);
    }
}

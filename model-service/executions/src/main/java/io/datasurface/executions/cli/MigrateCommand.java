package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** {@code migrate}: creates or upgrades the tables. */
@Command(name = "migrate",
        description = {"Create or upgrade the executions tables (schema datasurface_executions) with Flyway, and "
                + "validate the migrations already applied. Prints nothing; --log-level INFO shows the version.",
            "Every other command does this on first use too; run it to upgrade ahead of time or with a more "
                + "privileged user."})
final class MigrateCommand extends StoreCommand {
    @Override
    public String run(Supplier<ExecutionStore> store) {
        store.get().migrate();
        return null;
    }
}

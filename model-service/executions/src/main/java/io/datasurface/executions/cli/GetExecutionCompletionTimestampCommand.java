package io.datasurface.executions.cli;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.Ids;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code get-execution-completion-timestamp ID}: ISO-8601 with offset and microseconds, in UTC. */
@Command(name = "get-execution-completion-timestamp",
        description = {"Print when an execution completed: ISO-8601 in UTC with offset and microseconds, "
                + "e.g. 2026-11-22T10:01:02.123456+00:00.",
            "An execution that has not completed is an error."})
final class GetExecutionCompletionTimestampCommand extends StoreCommand {
    /** Always six fractional digits and a numeric offset ({@code +00:00}, never {@code Z}). */
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "An id printed by init-execution.")
    String executionId;

    @Override
    public String run(Supplier<ExecutionStore> store) {
        UUID id = Ids.parse(executionId, "execution id");
        return FORMAT.format(store.get().completionTimestamp(id).withOffsetSameInstant(ZoneOffset.UTC));
    }
}

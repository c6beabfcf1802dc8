package io.datasurface.cli;

import io.datasurface.ingest.source.Databases;
import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.merge.job.StepOutcome;
import io.datasurface.merge.job.StepResult;
import io.datasurface.merge.job.StreamStep;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasurface run-job}: one step of one ingestion stream, straight against the databases. */
@Command(name = "run-job", mixinStandardHelpOptions = true,
        description = {"Run one step of one ingestion stream against the source and the merge store, without Kafka: "
                + "start a batch, continue reading it, or merge and commit it.",
            "Prints RESULT: DONE, RESULT: KEEP_WORKING or RESULT: ERROR and a one-line summary; exit code 0, 10 "
                    + "(run again soon) or 1.",
            "Run it from cron or a Kubernetes job: repeat while the exit code is 10."})
final class RunJobCommand implements Callable<Integer> {
    static final int KEEP_WORKING = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model folder.")
    Path model;

    @Option(names = "--platform", required = true, paramLabel = "NAME", description = "The data platform, e.g. yellow_live.")
    String platform;

    @Option(names = "--stream", required = true, paramLabel = "STORE[/DATASET]",
            description = "The stream: a multi-dataset datastore, or STORE/DATASET of a single-dataset one.")
    String stream;

    @Option(names = "--max-chunks", defaultValue = "10", paramLabel = "N",
            description = "Chunks this step may read before it stops with KEEP_WORKING. Default: ${DEFAULT-VALUE}.")
    int maxChunks;

    @Option(names = "--chunk-rows", defaultValue = "50000", paramLabel = "N",
            description = "Rows per chunk (a restart point after each). Default: ${DEFAULT-VALUE}.")
    int chunkRows;

    @Option(names = "--merge-db", paramLabel = "URL", description = "The merge store, overriding the model: "
            + "jdbc:postgresql://HOST:PORT/DB or postgresql://USER:PASSWORD@HOST:PORT/DB.")
    String mergeDb;

    @Option(names = "--source-db", paramLabel = "URL", description = "The source database, overriding the model.")
    String sourceDb;

    @Option(names = "--credential-store", defaultValue = "env", paramLabel = "env|file:DIR",
            description = "Where named credentials are: env (<NAME>_USER, <NAME>_PASSWORD) or file:DIR "
                    + "(DIR/<name>/user, DIR/<name>/password). Default: ${DEFAULT-VALUE}.")
    String credentialStore;

    @Option(names = "--allow-h2", description = {"Also read sources in H2 databases (jdbc:h2:mem:NAME, "
            + "jdbc:h2:file:PATH), for tests and local trials. Settings that run code (INIT=, …) stay refused; "
            + "without this option only PostgreSQL sources are read."})
    boolean allowH2;

    @Option(names = "--full", description = {"Read a sql-snapshot stream's batch as a full snapshot of every row. "
            + "By default, once a batch of the stream is committed, the next carries only the rows that changed and the "
            + "keys that are gone, found by comparing each source row's hash with the merge store's; the merge tables "
            + "end the same either way."})
    boolean full;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StepResult result;
        try {
            result = step();
        } catch (DatasurfaceException e) {
            result = error(e.retriable(), e.getMessage());
        } catch (SQLException e) {
            result = error(true, DatabaseUrl.redact(String.valueOf(e.getMessage())));
        } catch (IllegalArgumentException e) {
            result = error(false, e.getMessage());
        }
        out.println("RESULT: " + result.outcome() + " " + result.summary());
        out.flush();
        return switch (result.outcome()) {
            case DONE -> 0;
            case KEEP_WORKING -> KEEP_WORKING;
            case ERROR -> Errors.FAILURE;
        };
    }

    /** Every failure, also of the arguments or the model, ends in one RESULT: ERROR line. */
    private StepResult error(boolean retriable, String message) {
        return new StepResult(StepOutcome.ERROR, platform + "/" + stream, 0, List.of(), 0, 0, retriable, message);
    }

    private StepResult step() throws SQLException {
        if (maxChunks < 1 || chunkRows < 1) {
            throw new IllegalArgumentException("--max-chunks and --chunk-rows must be at least 1");
        }
        ModelDirs.requireFolder(model, "--model");
        LoadResult loaded = Linter.validate(model);
        if (loaded.hasErrors()) {
            new ProblemReport(loaded.problems()).print(spec.commandLine().getErr(), OutputFormat.text, model,
                    "model " + model);
            throw new IllegalArgumentException("the model has errors (printed above); fix them before running a job");
        }
        PipelineGraph graph = GraphBuilder.build(loaded.model(), platform);
        IngestionNode node = findStream(graph);
        CredentialStore credentials = CredentialStore.parse(credentialStore);
        DatabaseUrl mergeUrl = mergeDb != null
                ? Databases.withCredential(DatabaseUrl.parse(mergeDb), graph.credential(), credentials)
                : Databases.address(graph.mergeStore(), graph.credential(), credentials, "the merge store");
        SourceConnections sources = new SourceConnections(credentials, "datasurface",
                allowH2 ? JdbcPolicy.POSTGRES_AND_H2 : JdbcPolicy.POSTGRES_ONLY);
        Progress progress = new Progress(spec.commandLine().getErr(), System.console() != null);
        DatabaseUrl sourceUrl = sourceDb != null ? DatabaseUrl.parse(sourceDb) : null;
        try (Connection merge = Databases.open(mergeUrl, "the merge store", "datasurface");
             BatchSource source = full ? (sourceUrl != null ? sources.reader(node, sourceUrl, chunkRows)
                     : sources.reader(node, chunkRows))
                     : sources.changesReader(node, sourceUrl, chunkRows,
                             Databases.open(mergeUrl, "the merge store", "datasurface"), graph.schema(),
                             graph.milestoning())) {
            return new StreamStep(merge, graph.schema(), graph.milestoning(), node, progress).run(source, maxChunks);
        } finally {
            progress.done();
        }
    }

    private IngestionNode findStream(PipelineGraph graph) {
        String key = platform + "/" + stream;
        return graph.streams().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("platform '" + platform + "' has no stream '" + stream + "'; its streams "
                        + "are: " + (graph.streams().isEmpty() ? "(none: no dataset group is assigned to it)"
                        : graph.streams().stream().map(s -> s.key().substring(platform.length() + 1))
                        .collect(Collectors.joining(", ")))));
    }
}

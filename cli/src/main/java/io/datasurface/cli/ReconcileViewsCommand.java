package io.datasurface.cli;

import io.datasurface.ingest.source.Databases;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.credential.Credential;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.view.reconcile.PlatformViews;
import io.datasurface.view.reconcile.ReconcileReport;
import io.datasurface.view.reconcile.ViewAction;
import io.datasurface.view.reconcile.ViewReconciler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasurface reconcile-views}: make a platform's workspace views match the model. */
@Command(name = "reconcile-views", mixinStandardHelpOptions = true,
        description = {"Create, update and drop the workspace views of one data platform in its merge store so they "
                + "match the model: one view per export ({platform}_{workspace}_{dsg}_{dataset}_view) over its merge "
                + "table, and on a forensic platform a _view_history with every version.",
            "Prints one line per view and a summary. Exit code 0 when every view is made or already right, "
                    + "1 otherwise (e.g. a merge table that does not exist yet: run again after its first batch)."})
final class ReconcileViewsCommand implements Callable<Integer> {
    private static final int LOCK_WAIT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    /** The process environment; tests substitute their own. */
    Map<String, String> environment = System.getenv();

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model folder.")
    Path model;

    @Option(names = "--platform", required = true, paramLabel = "NAME", description = "The data platform, e.g. yellow_live.")
    String platform;

    @Option(names = "--credential-store", defaultValue = "env", paramLabel = "env|file:DIR",
            description = {"Where the merge store login is. env (the default): POSTGRES_USER and POSTGRES_PASSWORD "
                    + "(else the platform's named credential, <NAME>_USER / <NAME>_PASSWORD), and POSTGRES_HOST, "
                    + "POSTGRES_PORT, POSTGRES_DB when set override the model's address of the merge store.",
                "file:DIR: DIR/<credential>/user and DIR/<credential>/password."})
    String credentialStore;

    @Option(names = "--view-schema", defaultValue = "public", paramLabel = "SCHEMA",
            description = "The schema the views go in; made when missing. Default: ${DEFAULT-VALUE}.")
    String viewSchema;

    @Option(names = "--grant", description = "Give each workspace's reader role ({platform}_{workspace}_reader, "
            + "NOLOGIN, made when missing) SELECT on its own views, and nothing else.")
    boolean grant;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        ModelDirs.requireFolder(model, "--model");
        LoadResult loaded = Linter.validate(model);
        if (loaded.hasErrors()) {
            new ProblemReport(loaded.problems()).print(spec.commandLine().getErr(), OutputFormat.text, model,
                    "model " + model);
            throw new DatasurfaceException("the model in " + model + " is not valid (problems above); fix it first", false);
        }
        Optional<PlatformDef> declared = loaded.model().platform(platform);
        if (declared.isEmpty()) { // the view reconciler's contract wording, then what the model declares
            PrintWriter err = spec.commandLine().getErr();
            err.println("Platform '" + platform + "' not found");
            err.println("The model declares these platforms: "
                    + loaded.model().platforms().stream().map(PlatformDef::name).collect(Collectors.joining(", ")));
            err.flush();
            return Errors.FAILURE;
        }
        PlatformDef def = declared.get();
        if (!PlatformDef.YELLOW.equals(def.kind())) {
            throw new DatasurfaceException("platform '" + platform + "' is of kind " + def.kind()
                    + "; reconcile-views makes the views of yellow platforms", false);
        }
        PipelineGraph graph = GraphBuilder.build(loaded.model(), platform);
        DatabaseUrl url = mergeStore(graph);
        out.println("Reconciling the workspace views of platform " + platform + " in " + url.redacted()
                + ", schema " + viewSchema);
        out.flush();
        ReconcileReport report;
        try (Connection c = Databases.open(url, "the merge store", "datasurface")) {
            report = new ViewReconciler(c, viewSchema, grant, LOCK_WAIT_SECONDS)
                    .reconcile(PlatformViews.of(graph), o -> {
                        out.println(o.line());
                        out.flush();
                    });
        }
        out.println();
        out.println("Summary:");
        out.println("  Views created: " + report.count(ViewAction.CREATED));
        out.println("  Views updated: " + report.count(ViewAction.UPDATED));
        out.println("  Views already up to date: " + report.count(ViewAction.UNCHANGED));
        out.println("  Views dropped: " + report.count(ViewAction.DROPPED));
        out.println("  Views failed: " + report.count(ViewAction.FAILED));
        out.flush();
        return report.succeeded() ? 0 : Errors.FAILURE;
    }

    /** The merge store's address: the model's, with the env store's POSTGRES_* overrides, and the login. */
    private DatabaseUrl mergeStore(PipelineGraph graph) {
        ContainerSpec store = graph.mergeStore();
        if (store == null) {
            throw new DatasurfaceException("the model gives platform " + platform + " no merge store", false);
        }
        boolean env = "env".equals(credentialStore);
        String host = env ? environment.getOrDefault("POSTGRES_HOST", store.host()) : store.host();
        int port = store.port();
        if (env && environment.get("POSTGRES_PORT") != null) {
            try {
                port = Integer.parseInt(environment.get("POSTGRES_PORT").trim());
            } catch (NumberFormatException e) {
                throw new DatasurfaceException("POSTGRES_PORT is not a port number: " + environment.get("POSTGRES_PORT"),
                        false);
            }
        }
        String database = env ? environment.getOrDefault("POSTGRES_DB", store.database()) : store.database();
        Credential login;
        if (env && environment.get("POSTGRES_USER") != null) {
            String password = environment.get("POSTGRES_PASSWORD");
            if (password == null) {
                throw new DatasurfaceException("POSTGRES_USER is set but POSTGRES_PASSWORD is not; set both", false);
            }
            login = new Credential(environment.get("POSTGRES_USER"), password);
        } else {
            CredentialStore credentials = env ? CredentialStore.fromEnvironment(environment)
                    : CredentialStore.parse(credentialStore);
            if (graph.credential() == null) {
                throw new DatasurfaceException("platform " + platform + " names no credential; set POSTGRES_USER and "
                        + "POSTGRES_PASSWORD", false);
            }
            login = credentials.get(graph.credential());
        }
        return DatabaseUrl.postgres(host, port, database).withDefaultCredential(login);
    }
}

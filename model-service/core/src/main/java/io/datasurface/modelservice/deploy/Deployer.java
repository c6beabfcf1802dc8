package io.datasurface.modelservice.deploy;

import io.datasurface.executions.ExecutionStore;
import io.datasurface.executions.ModelChecksums;
import io.datasurface.model.Model;
import io.datasurface.model.change.ChangeChecker;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.event.ModelRejected;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.GraphDiff;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.model.problem.Problem;
import io.datasurface.model.problem.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One deployment, start to end, recorded as an execution with steps LOAD, VALIDATE, GRAPH and PUBLISH
 * (each with the model's file checksums): fetch the model into a hidden folder; load and lint it; check
 * its changes against the current model (each change from the repo allowed to make it, schemas kept
 * compatible); build every platform's graph and diff it against the current model's; make the folder the
 * current model and publish ModelDeployed and the GraphChanged events (safe against a crash in between: see
 * {@link Publication}). A model with problems
 * is rejected (ModelRejected with every problem) and the current model stays, and so is a commit that does
 * not build on the deployed commit, unless the request allows a rollback. A commit is deployed once, however
 * often it is delivered.
 */
public final class Deployer {
    private final ModelFolders folders;
    private final GitFetcher git;
    private final ExecutionStore executions;
    private final DeploymentLog log;
    private final EventPublisher events;
    private final Clock clock;
    private final Publication publication;

    public Deployer(ModelFolders folders, GitFetcher git, ExecutionStore executions, DeploymentLog log,
                    EventPublisher events, Clock clock) {
        this.folders = folders;
        this.git = git;
        this.executions = executions;
        this.log = log;
        this.events = events;
        this.clock = clock;
        this.publication = new Publication(folders, executions, log, events);
    }

    public DeploymentResult deploy(DeploymentRequest request) {
        try {
            resumePending(); // the next diff is computed from the model the last events announced
        } catch (DatasurfaceException | UncheckedIOException e) {
            return fetchFailed(request, "not deployed: " + e.getMessage());
        }
        Optional<DeploymentResult> known = knownBeforeFetch(request);
        if (known.isPresent()) {
            return known.get();
        }
        Path incoming = folders.incoming();
        try {
            String commit;
            try {
                if (request.gitUrl() != null) {
                    // only forward, unless an operator allows a rollback
                    String deployed = request.allowRollback() ? null : folders.current().flatMap(folders::info)
                            .map(ModelFolders.Deployed::commit).orElse(null);
                    commit = git.fetch(request.gitUrl(), request.commit(), incoming, deployed);
                    List<Problem> odd = ModelTree.oddEntries(incoming);
                    if (!odd.isEmpty()) {
                        return refused(request, commit, odd);
                    }
                } else {
                    Path folder = Path.of(request.localPath()).toRealPath(); // the folder named may be a link
                    List<Problem> odd = ModelTree.oddEntries(folder);
                    if (!odd.isEmpty()) {
                        return refused(request, request.localPath(), odd);
                    }
                    commit = localDigest(folder);
                    copy(folder, incoming);
                }
            } catch (RollbackRefused e) {
                return refused(request, e.commit(), List.of(new Problem(Severity.ERROR, ".", 0, RollbackRefused.RULE,
                        e.getMessage())));
            } catch (DatasurfaceException | UncheckedIOException e) {
                return fetchFailed(request, e.getMessage());
            } catch (IOException e) {
                return fetchFailed(request, "cannot read " + request.localPath() + ": " + e.getMessage());
            }
            String sourceRepo = request.sourceRepo() != null ? request.sourceRepo() : ecosystemRepo(incoming);
            Optional<String> id = log.begin(commit, sourceRepo, request.source(), request.allowRollback());
            if (id.isEmpty()) {
                return asBefore(commit, sourceRepo);
            }
            return deploy(commit, sourceRepo, id.get(), incoming);
        } finally {
            ModelFolders.delete(incoming); // gone already when promoted
        }
    }

    /**
     * Publishes (again) the events of the current version when a previous deployment could not say they went out
     * (the process died in between, or publishing failed uncertainly), and records that deployment. Done before
     * every deployment, and at start.
     *
     * @return the version whose events were published
     * @throws DatasurfaceException when they cannot be published yet
     */
    public Optional<String> resumePending() {
        return publication.resume();
    }

    /**
     * A commit (of a repo) that was deployed or rejected, or is being deployed, is answered from the deployments
     * table without fetching anything — unless a rollback is allowed.
     */
    private Optional<DeploymentResult> knownBeforeFetch(DeploymentRequest r) {
        if (r.allowRollback() || r.gitUrl() == null || r.sourceRepo() == null
                || !GitFetcher.COMMIT_ID.matcher(r.commit()).matches()) {
            return Optional.empty();
        }
        return log.byCommit(r.commit(), r.sourceRepo()).filter(d -> d.status() == DeploymentStatus.DEPLOYED
                        || d.status() == DeploymentStatus.REJECTED || d.status() == DeploymentStatus.RUNNING)
                .map(d -> new DeploymentResult(d.commit(), d.status(), true, d.modelVersion(), d.problems(), d.error()));
    }

    /** The answer to a commit (of a repo) that was deployed, rejected or is being deployed already. */
    private DeploymentResult asBefore(String commit, String sourceRepo) {
        DeploymentRecord before = log.byCommit(commit, sourceRepo).orElseThrow();
        return new DeploymentResult(commit, before.status(), true, before.modelVersion(), before.problems(),
                before.error());
    }

    /**
     * A model refused before it is loaded — a commit that does not build on the deployed one, a model holding
     * links or odd files: REJECTED with the reasons as its problems (so a redelivery does not try it again), and
     * announced like any rejected model.
     */
    private DeploymentResult refused(DeploymentRequest request, String commit, List<Problem> problems) {
        String sourceRepo = request.sourceRepo() != null ? request.sourceRepo() : "(unknown)";
        Optional<String> id = log.begin(commit, sourceRepo, request.source(), request.allowRollback());
        if (id.isEmpty()) {
            return asBefore(commit, sourceRepo);
        }
        try {
            return reject(id.get(), commit, sourceRepo, null, problems);
        } catch (RuntimeException failed) {
            return failed(id.get(), commit, null, failed);
        }
    }

    private DeploymentResult reject(String id, String commit, String sourceRepo, String executionId,
                                    List<Problem> problems) {
        events.rejected(new ModelRejected(commit, sourceRepo, problems, clock.instant()));
        log.finish(id, DeploymentStatus.REJECTED, executionId, null, problems, null);
        return new DeploymentResult(commit, DeploymentStatus.REJECTED, false, null, problems, null);
    }

    private DeploymentResult failed(String id, String commit, String executionId, RuntimeException e) {
        String message = e instanceof DatasurfaceException || e instanceof UncheckedIOException ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        log.finish(id, DeploymentStatus.FAILED, executionId, null, List.of(), message);
        return new DeploymentResult(commit, DeploymentStatus.FAILED, false, null, List.of(), message);
    }

    /** A request that names no source repo stands for the model's central (ecosystem) repo. */
    private static String ecosystemRepo(Path model) {
        return ModelLoader.load(model).model().ecosystem().map(e -> e.repo()).filter(r -> r != null)
                .orElse("(unknown)");
    }

    private DeploymentResult deploy(String commit, String sourceRepo, String id, Path incoming) {
        String executionId = null;
        try {
            UUID execution = executions.initExecution();
            executionId = execution.toString();
            ModelChecksums sums = checksums(incoming);

            UUID load = executions.initStep(execution, "LOAD", sums);
            LoadResult loaded = ModelLoader.load(incoming);
            executions.completeStep(load, OptionalLong.empty());

            UUID validate = executions.initStep(execution, "VALIDATE", sums);
            Optional<Model> current = folders.current().map(p -> ModelLoader.load(p).model());
            List<Problem> problems = problems(loaded, current, sourceRepo);
            if (problems.stream().anyMatch(Problem::isError)) {
                return reject(id, commit, sourceRepo, executionId, problems);
            }
            executions.completeStep(validate, OptionalLong.empty());

            UUID graph = executions.initStep(execution, "GRAPH", sums);
            List<GraphChanged> changes = graphChanges(current, loaded.model(), commit);
            executions.completeStep(graph, OptionalLong.of(changes.size()));

            UUID publish = executions.initStep(execution, "PUBLISH", sums);
            Instant now = clock.instant();
            String version = folders.nextVersion(now);
            List<GraphChanged> stamped = changes.stream().map(g -> new GraphChanged(g.platform(), version, commit,
                    g.diff(), now)).toList();
            ModelDeployed deployed = new ModelDeployed(version, commit, sourceRepo, executionId,
                    stamped.stream().map(GraphChanged::platform).toList(), now);
            publication.publish(incoming, new ModelFolders.Deployed(version, commit, sourceRepo, executionId, now),
                    new Publication.Pending(id, executionId, publish.toString(), problems, deployed, stamped));
            return new DeploymentResult(commit, DeploymentStatus.DEPLOYED, false, version, problems, null);
        } catch (RuntimeException e) {
            return failed(id, commit, executionId, e);
        }
    }

    /** A model that could not be fetched: recorded as a failed deployment of what was asked for, so it shows. */
    private DeploymentResult fetchFailed(DeploymentRequest request, String message) {
        String named = request.commit() != null ? request.commit() : request.localPath();
        String sourceRepo = request.sourceRepo() != null ? request.sourceRepo() : "(unknown)";
        log.begin(named, sourceRepo, request.source())
                .ifPresent(id -> log.finish(id, DeploymentStatus.FAILED, null, null, List.of(), message));
        return new DeploymentResult(named, DeploymentStatus.FAILED, false, null, List.of(), message);
    }

    /** Load and lint problems, then — when there is a current model — the change checks against it. */
    private static List<Problem> problems(LoadResult loaded, Optional<Model> current, String sourceRepo) {
        List<Problem> all = new ArrayList<>(loaded.problems());
        all.addAll(Linter.lint(loaded.model()));
        if (current.isPresent() && !all.stream().anyMatch(Problem::isError)) {
            all.addAll(ChangeChecker.check(current.get(), loaded.model(), sourceRepo));
        }
        all.sort(Problem.ORDER);
        return all;
    }

    /** One GraphChanged per platform whose graph differs from the current model's (added and removed platforms too). */
    static List<GraphChanged> graphChanges(Optional<Model> current, Model next, String commit) {
        Map<String, PipelineGraph> before = current.map(GraphBuilder::buildAll).orElse(Map.of());
        Map<String, PipelineGraph> after = GraphBuilder.buildAll(next);
        TreeSet<String> platforms = new TreeSet<>(before.keySet());
        platforms.addAll(after.keySet());
        List<GraphChanged> out = new ArrayList<>();
        for (String p : platforms) {
            GraphDiff diff = GraphDiff.between(before.get(p), after.get(p));
            if (!diff.isEmpty() || !before.containsKey(p)) {
                out.add(new GraphChanged(p, null, commit, diff, null));
            }
        }
        return out;
    }

    /** Checksums of the model's files, named by their path in the model without extension. */
    static ModelChecksums checksums(Path model) {
        Map<String, String> sums = new TreeMap<>();
        for (Path f : modelFiles(model)) {
            String rel = model.relativize(f).toString().replace('\\', '/');
            int dot = rel.lastIndexOf('.');
            String name = dot > rel.lastIndexOf('/') + 1 ? rel.substring(0, dot) : rel; // the file name's extension only
            try {
                sums.put(name, ModelChecksums.sha256(Files.readAllBytes(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return ModelChecksums.ofChecksums(sums);
    }

    /**
     * A local model's stand-in for a commit: the digest of its files' paths and checksums. Whole paths, not
     * the checksums' names: {@code x.yaml} and {@code x.yml} share a name, and one of them would go unseen.
     */
    static String localDigest(Path model) {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("model folder " + model + " does not exist");
        }
        StringBuilder all = new StringBuilder();
        for (Path f : modelFiles(model)) {
            try {
                all.append(model.relativize(f).toString().replace('\\', '/')).append('=')
                        .append(ModelChecksums.sha256(Files.readAllBytes(f))).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return "local-" + ModelChecksums.sha256(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 40);
    }

    private static List<Path> modelFiles(Path model) {
        try (Stream<Path> walk = Files.walk(model)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        for (Path part : model.relativize(p)) {
                            if (part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + model + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        for (Path f : modelFiles(from)) {
            Path target = to.resolve(from.relativize(f).toString());
            try {
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + f + ": " + e.getMessage(), e);
            }
        }
    }
}

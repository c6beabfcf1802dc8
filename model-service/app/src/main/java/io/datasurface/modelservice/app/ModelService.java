package io.datasurface.modelservice.app;

import io.agroal.api.AgroalDataSource;
import io.datasurface.executions.ExecutionStore;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.modelservice.deploy.Deployer;
import io.datasurface.modelservice.deploy.DeploymentLog;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.DeploymentResult;
import io.datasurface.modelservice.deploy.DeploymentStatus;
import io.datasurface.modelservice.deploy.GitFetcher;
import io.datasurface.modelservice.deploy.ModelFolders;
import io.datasurface.modelservice.deploy.RepositoryLocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs deployments one after another on a thread of their own, so webhooks are answered at once. */
@ApplicationScoped
public class ModelService {
    private static final Logger LOG = Logger.getLogger(ModelService.class);

    private final ModelServiceConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;
    private ExecutorService queue;
    private KafkaEventPublisher publisher;
    private Deployer deployer;
    private ModelFolders folders;
    private DeploymentLog log;
    private RepositoryLocations locations;
    private final KafkaSettings kafka;

    ModelService(ModelServiceConfig config, KafkaConfig kafka, AgroalDataSource dataSource, MeterRegistry metrics) {
        this.config = config;
        this.kafka = KafkaSettings.of(kafka);
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) {
        folders = new ModelFolders(config.modelsDir().toAbsolutePath(), config.keepVersions());
        folders.removeLeftovers();
        log = new DeploymentLog(dataSource);
        log.open();
        ExecutionStore executions = ExecutionStore.open(dataSource, "the model-service database");
        executions.migrate();
        publisher = new KafkaEventPublisher(kafka, config.kafkaTransactionalId());
        locations = new RepositoryLocations(config.gitHosts(), config.allowLocalRepositories());
        GitFetcher git = new GitFetcher(new GitFetcher.Settings(config.gitToken().orElse(null), config.gitTokenHost(),
                Duration.ofSeconds(config.gitTimeoutSeconds()), Duration.ofSeconds(config.gitFetchDeadlineSeconds())));
        deployer = new Deployer(folders, git, executions, log, publisher, Clock.systemUTC());
        queue = Executors.newSingleThreadExecutor(r -> new Thread(r, "deployments"));
        if (config.webhookSecret().isEmpty() && config.repoSecrets().isEmpty()) {
            LOG.warn("no webhook secret is configured (datasurface.model-service.webhook-secret): every webhook gets 401");
        }
        LOG.infof("models in %s; deploying pushes to branch %s from git hosts %s%s", folders.root(), config.branch(),
                locations.bases(), locations.allowsLocal() ? "; folders and file: URLs on this server too" : "");
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (queue != null) {
            queue.shutdown();
            queue.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    /** Queues a deployment; the future says how it ended. */
    public Future<DeploymentResult> submit(DeploymentRequest request) {
        return queue.submit(() -> {
            LOG.infof("deploying %s from %s", request.commit() == null ? "model" : request.commit(), request.source());
            DeploymentResult result;
            try {
                result = deployer.deploy(request);
            } catch (RuntimeException e) {
                LOG.error("deployment of " + request.source() + " failed unexpectedly", e);
                throw e;
            }
            String outcome = result.duplicate() ? "duplicate" : result.status().name().toLowerCase(Locale.ROOT);
            metrics.counter("datasurface.deployments", "outcome", outcome).increment();
            if (result.duplicate()) {
                LOG.infof("commit %s was %s before; not deployed again", result.commit(),
                        result.status().name().toLowerCase(Locale.ROOT));
            } else if (result.status() == DeploymentStatus.DEPLOYED) {
                LOG.infof("deployed commit %s as %s", result.commit(), result.modelVersion());
            } else if (result.status() == DeploymentStatus.REJECTED) {
                LOG.warnf("rejected commit %s: %d problem(s), the first: %s", result.commit(), result.problems().size(),
                        result.problems().isEmpty() ? "-" : result.problems().get(0).message());
            } else {
                LOG.warnf("could not deploy commit %s: %s", result.commit(), result.error());
            }
            return result;
        });
    }

    public ModelServiceConfig config() {
        return config;
    }

    public ModelFolders folders() {
        return folders;
    }

    public DeploymentLog log() {
        return log;
    }

    public RepositoryLocations locations() {
        return locations;
    }
}

package io.datasurface.modelservice.app;

import io.agroal.api.AgroalDataSource;
import io.datasurface.executions.ExecutionStore;
import io.datasurface.kafka.KafkaConfig;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.modelservice.deploy.Deployer;
import io.datasurface.modelservice.deploy.DeploymentLog;
import io.datasurface.modelservice.deploy.DeploymentQueue;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.DeploymentResult;
import io.datasurface.modelservice.deploy.DeploymentStatus;
import io.datasurface.modelservice.deploy.GitFetcher;
import io.datasurface.modelservice.deploy.ModelFolders;
import io.datasurface.modelservice.deploy.RepositoryLocations;
import io.datasurface.modelservice.intake.BodyLimit;
import io.datasurface.modelservice.intake.DeploymentsApi;
import io.datasurface.modelservice.intake.WebhookIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Wires the deployments core: runs them one after another on a thread of their own (a bounded queue), so
 * webhooks are answered at once; logs and counts how each ended.
 */
@ApplicationScoped
public class ModelService {
    private static final Logger LOG = Logger.getLogger(ModelService.class);

    private final ModelServiceConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;
    private final KafkaSettings kafka;
    private KafkaEventPublisher publisher;
    private ModelFolders folders;
    private DeploymentLog log;
    private DeploymentQueue queue;
    private WebhookIntake webhooks;
    private DeploymentsApi api;
    private BodyLimit limit;

    ModelService(ModelServiceConfig config, KafkaConfig kafka, AgroalDataSource dataSource, MeterRegistry metrics) {
        this.config = config;
        this.kafka = KafkaSettings.of(kafka);
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) {
        RepositoryLocations locations = new RepositoryLocations(config.gitHosts(), config.allowLocalRepositories());
        folders = new ModelFolders(config.modelsDir().toAbsolutePath(), config.keepVersions());
        folders.removeLeftovers();
        log = new DeploymentLog(dataSource);
        log.open();
        ExecutionStore executions = ExecutionStore.open(dataSource, "the model-service database");
        executions.migrate();
        publisher = new KafkaEventPublisher(kafka, config.kafkaTransactionalId());
        GitFetcher git = new GitFetcher(new GitFetcher.Settings(config.gitToken().orElse(null), config.gitTokenHost(),
                Duration.ofSeconds(config.gitTimeoutSeconds()), Duration.ofSeconds(config.gitFetchDeadlineSeconds())));
        Deployer deployer = new Deployer(folders, git, executions, log, publisher, Clock.systemUTC());
        queue = new DeploymentQueue(deployer::deploy, log::byCommit, config.deploymentQueueSize(), Clock.systemUTC(),
                new DeploymentQueue.Listener() {
                    @Override
                    public void ended(DeploymentRequest request, DeploymentResult result) {
                        ModelService.this.ended(result);
                    }

                    @Override
                    public void failed(DeploymentRequest request, Throwable fault) {
                        LOG.error("deployment of " + request.source() + " failed unexpectedly", fault);
                    }
                });
        queue.run(() -> { // a version the previous process made current may still owe its events
            try {
                deployer.resumePending().ifPresent(v -> LOG.infof("published the events %s still owed", v));
            } catch (RuntimeException e) {
                LOG.warn(e.getMessage());
            }
        });
        limit = new BodyLimit(config.maxBodyBytes());
        webhooks = new WebhookIntake(new WebhookIntake.Settings(config.webhookSecret(), config.repoSecrets(),
                config.branch()), locations, queue, limit);
        api = new DeploymentsApi(config.webhookSecret(), locations, queue, log, limit);
        if (config.webhookSecret().isEmpty() && config.repoSecrets().isEmpty()) {
            LOG.warn("no webhook secret is configured (datasurface.model-service.webhook-secret): every webhook gets 401");
        }
        LOG.infof("models in %s; deploying pushes to branch %s from git hosts %s%s", folders.root(), config.branch(),
                locations.bases(), locations.allowsLocal() ? "; folders and file: URLs on this server too" : "");
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (queue != null) {
            queue.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private void ended(DeploymentResult result) {
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

    public DeploymentQueue queue() {
        return queue;
    }

    public WebhookIntake webhooks() {
        return webhooks;
    }

    public DeploymentsApi api() {
        return api;
    }

    public BodyLimit limit() {
        return limit;
    }
}

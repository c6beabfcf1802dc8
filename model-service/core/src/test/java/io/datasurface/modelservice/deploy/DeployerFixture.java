package io.datasurface.modelservice.deploy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.executions.ExecutionStore;
import io.datasurface.model.credential.DatabaseUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A deployer as the model-service runs one: a database of its own on the embedded PostgreSQL (deployments and
 * executions), a models folder, real git fetches, and the events it publishes recorded. {@link #restart()} is a
 * new process over the same folder and database.
 */
final class DeployerFixture {
    final Path models;
    final RecordingPublisher events = new RecordingPublisher();
    private final PGSimpleDataSource db = new PGSimpleDataSource();
    private final ExecutionStore executions;
    DeploymentLog log;
    ModelFolders folders;
    Deployer deployer;

    DeployerFixture(EmbeddedPostgresServer pg, Path models) {
        String name = "deployer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(name);
        db.setURL(pg.jdbcUrl(name));
        db.setPassword(pg.password());
        executions = ExecutionStore.open(DatabaseUrl.parse(pg.jdbcUrl(name)));
        executions.migrate();
        this.models = models;
        restart();
    }

    /** What the service does at start: leftovers removed, running deployments marked interrupted, a new deployer. */
    void restart() {
        folders = new ModelFolders(models, 10);
        folders.removeLeftovers();
        log = new DeploymentLog(db);
        log.open();
        deployer = new Deployer(folders, new GitFetcher(GitFetcher.Settings.anonymous(Duration.ofSeconds(30),
                Duration.ofMinutes(1))), executions, log, events, Clock.systemUTC());
    }

    DeploymentResult deploy(DeploymentRequest request) {
        return deployer.deploy(request);
    }

    /** The current model version's folder name, or null. */
    String current() {
        return folders.current().map(p -> p.getFileName().toString()).orElse(null);
    }
}

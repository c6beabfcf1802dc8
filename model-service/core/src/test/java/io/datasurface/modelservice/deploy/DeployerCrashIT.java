package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.graph.ExportNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment cut short between its events and its model folder — the process dying, or publishing failing —
 * never leaves the model-service without the model its events announced, and the next diff is computed from
 * that model. The process "dies" where the publisher says so (an Error nothing catches), and is started again
 * over the same models folder and database.
 */
@ExtendWith(PostgresExtension.class)
class DeployerCrashIT {
    static final String ANALYTICS = "github:acme/analytics-model@main";
    static final String ECOSYSTEM = "github:acme/datasurface-model@main";
    static final String WS = "reporting";
    static final String CUSTOMERS = "yellow_live/" + WS + "/g/customers/customers";
    static final String ADDRESSES = "yellow_live/" + WS + "/g/customers/addresses";

    /** The process ends here. */
    static final class Crash extends Error {
        Crash() {
            super("the process died");
        }
    }

    EmbeddedPostgresServer pg;
    @TempDir
    Path tmp;
    DeployerFixture service;
    ModelRepo repo;
    String beforeAssign;
    String assign;

    /** The mvp example and a workspace deployed; then the central repo assigns the workspace (not deployed yet). */
    @BeforeEach
    void aWorkspaceToAssign() throws Exception {
        service = new DeployerFixture(pg, tmp.resolve("models"));
        repo = new ModelRepo(tmp.resolve("repo"));
        deployed(repo.commit("the mvp example"), ANALYTICS);
        repo.workspace(WS, "customers/customers");
        deployed(repo.commit("a workspace"), ANALYTICS);
        beforeAssign = service.current();
        repo.assign(WS);
        assign = repo.commit("the workspace on yellow_live");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private DeploymentResult deploy(String commit, String sourceRepo) {
        return service.deploy(new DeploymentRequest(commit, sourceRepo, repo.url(), null));
    }

    private DeploymentResult deployed(String commit, String sourceRepo) {
        DeploymentResult r = deploy(commit, sourceRepo);
        assertThat(r.status()).as("%s", r).isEqualTo(DeploymentStatus.DEPLOYED);
        return r;
    }

    /** The workspace's team moves its group to addresses: the diff must start from the assigned model. */
    private void switchToAddressesDiffsFromTheAssignedModel() throws Exception {
        repo.files.edit("zones/retail/teams/analytics/" + WS + ".yaml", "sinks: [customers/customers]",
                "sinks: [customers/addresses]");
        String next = repo.commit("to addresses");

        deployed(next, ANALYTICS);

        assertThat(service.events.graphChangesOf(next)).singleElement().satisfies(g -> {
            assertThat(g.platform()).isEqualTo("yellow_live");
            assertThat(g.diff().exportsRemoved()).extracting(ExportNode::key).containsExactly(CUSTOMERS);
            assertThat(g.diff().exportsAdded()).extracting(ExportNode::key).containsExactly(ADDRESSES);
        });
    }

    /** The assignment's deployment is recorded DEPLOYED, with its folder, which owes no events. */
    private Path assertTheAssignmentWasDeployedAndOwesNothing() {
        DeploymentRecord d = service.log.byCommit(assign, ECOSYSTEM).orElseThrow();
        assertThat(d.status()).isEqualTo(DeploymentStatus.DEPLOYED);
        Path folder = service.models.resolve(d.modelVersion());
        assertThat(service.folders.info(folder)).map(ModelFolders.Deployed::commit).contains(assign);
        assertThat(service.folders.pending(folder)).isEmpty();
        return folder;
    }

    @Test
    @DisplayName("regression: a crash between publishing the events and promoting the folder left consumers on a "
            + "graph the model-service no longer had, and the next diff was computed from the older model")
    void aCrashAfterTheEventsWentOutLeavesTheirModelCurrentAndTheNextDiffStartsFromIt() throws Exception {
        service.events.afterPublishing = () -> {
            throw new Crash();
        };
        assertThatThrownBy(() -> deploy(assign, ECOSYSTEM)).isInstanceOf(Crash.class);
        service.events.afterPublishing = () -> { };
        GraphChanged announced = service.events.graphChangesOf(assign).get(0);
        assertThat(announced.diff().exportsAdded()).extracting(ExportNode::key).containsExactly(CUSTOMERS);

        service.restart();

        // the model the events announced is the current one, still owing them until they are published again
        Path current = service.folders.current().orElseThrow();
        assertThat(current.getFileName().toString()).isNotEqualTo(beforeAssign).isEqualTo(announced.modelVersion());
        assertThat(service.folders.pending(current)).isPresent();
        assertThat(service.deployer.resumePending()).contains(announced.modelVersion());
        assertThat(service.events.of(assign)).hasSize(2).allSatisfy(p -> assertThat(p.graphChanges())
                .containsExactly(announced)); // the same events again: consumers apply a diff once
        assertThat(service.folders.current()).contains(assertTheAssignmentWasDeployedAndOwesNothing());
        switchToAddressesDiffsFromTheAssignedModel();
    }

    @Test
    void aCrashBeforeTheEventsWentOutPublishesThemOnceBeforeTheNextDeployment() throws Exception {
        service.events.beforePublishing = () -> {
            throw new Crash();
        };
        assertThatThrownBy(() -> deploy(assign, ECOSYSTEM)).isInstanceOf(Crash.class);
        service.events.beforePublishing = () -> { };
        assertThat(service.events.of(assign)).isEmpty();

        service.restart();
        switchToAddressesDiffsFromTheAssignedModel(); // publishes what the assignment owed first

        assertThat(service.events.of(assign)).singleElement().satisfies(p -> assertThat(p.graphChanges())
                .singleElement().satisfies(g -> assertThat(g.diff().exportsAdded()).extracting(ExportNode::key)
                        .containsExactly(CUSTOMERS)));
        assertThat(service.events.deployed.get(service.events.deployed.size() - 2).deployed().commit())
                .isEqualTo(assign);
        assertTheAssignmentWasDeployedAndOwesNothing();
    }

    @Test
    void whenPublishingFailsWithoutSayingWhetherTheEventsWentOutTheyArePublishedAgainBeforeAnythingElse()
            throws Exception {
        service.events.beforePublishing = () -> {
            throw new IllegalStateException("the broker went away during the commit");
        };
        DeploymentResult failed = deploy(assign, ECOSYSTEM);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).contains("the broker went away")
                .contains("stays the current model and its events are published again before the next deployment");
        assertThat(service.current()).isNotEqualTo(beforeAssign);

        // still failing: nothing else is deployed, and nothing is fetched
        repo.files.write("NOTES.md", "later\n");
        String later = repo.commit("later");
        DeploymentResult waits = deploy(later, ANALYTICS);
        assertThat(waits.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(waits.error()).startsWith("not deployed: the events of " + service.current() + " (commit " + assign
                + ") are not published yet");

        service.events.beforePublishing = () -> { };
        switchToAddressesDiffsFromTheAssignedModel();
        assertTheAssignmentWasDeployedAndOwesNothing();
    }

    @Test
    void whenNothingWasPublishedForCertainThePreviousModelIsCurrentAgain() throws Exception {
        service.events.beforePublishing = () -> {
            throw new EventsNotPublished("cannot publish the deployment's events: too large", null);
        };
        DeploymentResult failed = deploy(assign, ECOSYSTEM);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).isEqualTo("cannot publish the deployment's events: too large");
        assertThat(service.current()).isEqualTo(beforeAssign);
        try (var list = Files.list(service.models)) { // the mvp example and the workspace, nothing else
            assertThat(list.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.startsWith("model-"));
        }

        service.events.beforePublishing = () -> { };
        deployed(assign, ECOSYSTEM); // delivered again
        assertThat(service.folders.current()).contains(assertTheAssignmentWasDeployedAndOwesNothing());
        switchToAddressesDiffsFromTheAssignedModel();
    }
}

package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datasurface.embedded.KafkaExtension;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.executions.ExecutionStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.event.Event;
import io.datasurface.model.event.GraphChanged;
import io.datasurface.model.event.ModelDeployed;
import io.datasurface.model.event.ModelRejected;
import io.datasurface.model.event.Topics;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.json.Json;
import io.datasurface.modelservice.deploy.WebhookSignature;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The model-service with a real local git repository, the embedded broker and PostgreSQL. Tests share
 * the service, and so its current model: they all commit to one repository whose head is the deployed
 * model (a rejected commit is dropped again), each with workspaces of names no other test uses, and
 * assert on their own commits' events. Pushes name the repo they come from, as the model's owners are
 * checked against it: workspaces belong to the analytics team's repo, the customers datastore to the
 * crm team's, and platform mappings to the ecosystem's.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class ModelServiceIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String ANALYTICS = "acme/analytics-model";
    static final String CRM = "acme/crm-model";
    static final String ECOSYSTEM = "acme/datasurface-model";
    private static ModelRepos shared;

    @Inject
    ModelServiceConfig config;

    /**
     * The one repository of the test JVM (the service keeps its model between tests too). The service fetches
     * a push from github.com at its configured base, a folder here: the three repos pushing are links there to
     * this one repository.
     */
    private synchronized ModelRepos repo() throws Exception {
        if (shared == null) {
            shared = new ModelRepos(java.nio.file.Files.createTempDirectory("model-repo"));
            shared.commit("the mvp example");
        }
        java.nio.file.Path hosts = java.nio.file.Path.of(java.net.URI.create(config.gitHosts().get("github.com")));
        for (String name : List.of(ANALYTICS, CRM, ECOSYSTEM)) {
            java.nio.file.Path link = hosts.resolve(name + ".git");
            if (!java.nio.file.Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                java.nio.file.Files.createDirectories(link.getParent());
                java.nio.file.Files.createSymbolicLink(link, shared.dir);
            }
        }
        return shared;
    }

    @Test
    void aSignedPushDeploysAndTheEventsCarryTheDiff() throws Exception {
        String ws = "ws_" + id();
        ModelRepos repo = repo();
        addWorkspace(repo, ws, "customers/customers");
        String first = repo.commit("add " + ws);
        push(repo, ANALYTICS, "main", first).then().statusCode(202).body("commit", equalTo(first));

        ModelDeployed deployed = await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(first));
        assertThat(deployed.sourceRepo()).isEqualTo("github:acme/analytics-model@main");
        assertThat(deployed.modelVersion()).matches("model-\\d{10}");

        // the deployment is an execution with its four steps, the last successful one
        ExecutionStore executions = ExecutionStore.open(
                DatabaseUrl.parse(PostgresExtension.server().jdbcUrl(EmbeddedInfrastructure.DB)));
        assertThat(executions.lastSuccessfulExecution()).map(UUID::toString).contains(deployed.executionId());

        // the catalog shows the new model
        given().get("/catalog").then().statusCode(200).body("commit", equalTo(first))
                .body("version", equalTo(deployed.modelVersion()));
        assertThat(given().get("/catalog/workspaces").jsonPath().getList("name", String.class)).contains(ws);
        given().get("/catalog/datastores/customers").then().statusCode(200)
                .body("datasets.name", org.hamcrest.Matchers.hasItems("customers", "addresses"));
        given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/catalog/platforms/yellow_live/graph")
                .then().statusCode(200)
                .body("platform", equalTo("yellow_live"));

        // the central repo assigns the group to yellow_live: exactly its export appears
        assign(repo, ws);
        String second = repo.commit("assign " + ws);
        push(repo, ECOSYSTEM, "main", second).then().statusCode(202);
        GraphChanged assigned = await(GraphChanged.class, Topics.GRAPH,
                e -> e.commit().equals(second) && e.platform().equals("yellow_live"));
        assertThat(assigned.diff().exportsAdded()).extracting(ExportNode::key)
                .containsExactly("yellow_live/" + ws + "/g/customers/customers");
        assertThat(assigned.diff().exportsRemoved()).isEmpty();
        assertThat(assigned.diff().streamsAdded()).isEmpty(); // the customers stream exists already
        ModelDeployed secondDeployed = await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(second));
        assertThat(secondDeployed.platforms()).containsExactly("yellow_live");
        assertThat(assigned.modelVersion()).isEqualTo(secondDeployed.modelVersion());

        // the workspace's team switches the group to addresses: one export out, one in
        repo.edit("zones/retail/teams/analytics/" + ws + ".yaml", "sinks: [customers/customers]",
                "sinks: [customers/addresses]");
        String third = repo.commit("switch " + ws + " to addresses");
        push(repo, ANALYTICS, "main", third).then().statusCode(202);
        GraphChanged next = await(GraphChanged.class, Topics.GRAPH,
                e -> e.commit().equals(third) && e.platform().equals("yellow_live"));
        assertThat(next.diff().exportsAdded()).extracting(ExportNode::key)
                .containsExactly("yellow_live/" + ws + "/g/customers/addresses");
        assertThat(next.diff().exportsRemoved()).extracting(ExportNode::key)
                .containsExactly("yellow_live/" + ws + "/g/customers/customers");
    }

    @Test
    void aBadSignatureGets401AndDeploysNothing() throws Exception {
        String ws = "ws_" + id();
        ModelRepos repo = repo();
        addWorkspace(repo, ws, "customers/customers");
        String commit = repo.commit("add " + ws);
        byte[] body = pushBody(repo, ANALYTICS, "main", commit);
        given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256",
                        WebhookSignature.gitHubHeader("not the secret", body))
                .body(body).post("/webhooks/git").then().statusCode(401);
        given().header("X-GitHub-Event", "push").body(body).post("/webhooks/git").then().statusCode(401);

        // a good push after them is deployed; deployments run in order, so the bad ones were never queued
        addWorkspace(repo, ws + "_2", "customers/customers");
        String good = repo.commit("add " + ws + "_2");
        push(repo, ANALYTICS, "main", good).then().statusCode(202);
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(good));
        assertThat(deploymentsOf(commit)).isEmpty();
    }

    @Test
    void aPushWithALintErrorIsRejectedAndTheCurrentModelStays() throws Exception {
        ModelRepos repo = repo();
        addWorkspace(repo, "ws_" + id(), "customers/no_such_dataset");
        String commit = repo.commit("broken sink");
        try {
            String before = currentVersion();
            push(repo, ANALYTICS, "main", commit).then().statusCode(202);

            ModelRejected rejected = await(ModelRejected.class, Topics.MODELS, e -> e.commit().equals(commit));
            assertThat(rejected.problems()).anyMatch(p -> p.message().contains("no_such_dataset"));
            assertThat(currentVersion()).isEqualTo(before);
            assertThat(deploymentsOf(commit)).singleElement()
                    .satisfies(d -> assertThat(d).containsEntry("status", "REJECTED"));
        } finally {
            repo.dropLastCommit();
        }
    }

    @Test
    void aChangeFromARepoThatMayNotMakeItIsRejected() throws Exception {
        ModelRepos repo = repo();
        // the analytics team's repo adds a column to the crm team's dataset
        repo.edit("zones/retail/teams/crm/customers.yaml", "      - { name: phone,      type: varchar(30) }\n",
                "      - { name: phone,      type: varchar(30) }\n      - { name: fax_" + id() + ", type: text }\n");
        String commit = repo.commit("a column for crm's dataset");
        String before = currentVersion();
        push(repo, ANALYTICS, "main", commit).then().statusCode(202);

        ModelRejected rejected = await(ModelRejected.class, Topics.MODELS, e -> e.commit().equals(commit));
        assertThat(rejected.problems()).anyMatch(p -> p.rule().equals("unauthorized-change"));
        assertThat(rejected.sourceRepo()).isEqualTo("github:acme/analytics-model@main");
        assertThat(currentVersion()).isEqualTo(before);

        // the owner's repo may make the same change
        push(repo, CRM, "main", commit).then().statusCode(202);
        ModelDeployed deployed = await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));
        assertThat(deployed.sourceRepo()).isEqualTo("github:acme/crm-model@main");
    }

    @Test
    void aRedeliveredPushDeploysOnce() throws Exception {
        String ws = "ws_" + id();
        ModelRepos repo = repo();
        addWorkspace(repo, ws, "customers/addresses");
        String commit = repo.commit("add " + ws);
        push(repo, ANALYTICS, "main", commit).then().statusCode(202);
        push(repo, ANALYTICS, "main", commit).then().statusCode(202);
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));
        // a later deployment proves both deliveries were handled (the queue runs in order)
        addWorkspace(repo, ws + "_2", "customers/addresses");
        String later = repo.commit("add " + ws + "_2");
        push(repo, ANALYTICS, "main", later).then().statusCode(202);
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(later));
        assertThat(all(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit))).hasSize(1);
        assertThat(deploymentsOf(commit)).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "DEPLOYED"));
    }

    @Test
    @DisplayName("regression: a force-push of main back to an older commit was deployed (the fresh clone no longer "
            + "held the deployed commit, so the only-forward check was skipped)")
    void aForcePushToAnOlderCommitIsRejectedUntilAnOperatorAllowsTheRollback() throws Exception {
        ModelRepos repo = repo();
        String ws = "ws_" + id();
        addWorkspace(repo, ws, "customers/customers");
        String deployedCommit = repo.commit("add " + ws);
        push(repo, ANALYTICS, "main", deployedCommit).then().statusCode(202);
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(deployedCommit));
        String before = currentVersion();

        // main is reset to the commit before and a different commit force-pushed over it
        repo.dropLastCommit();
        addWorkspace(repo, ws + "_other", "customers/addresses");
        String rewritten = repo.commit("instead of " + ws);
        push(repo, ANALYTICS, "main", rewritten).then().statusCode(202);

        ModelRejected rejected = await(ModelRejected.class, Topics.MODELS, e -> e.commit().equals(rewritten));
        assertThat(rejected.problems()).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("not-forward");
            assertThat(p.message()).contains("does not build on the deployed commit " + deployedCommit)
                    .contains("allowRollback");
        });
        assertThat(currentVersion()).isEqualTo(before);
        assertThat(deploymentsOf(rewritten)).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("status", "REJECTED");
            assertThat(d.get("problems").toString()).contains("not-forward").contains(deployedCommit);
        });

        // redelivered: still rejected, not tried again
        String source = given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET)
                .contentType("application/json").body("{\"repoUrl\": \"" + repo.url() + "\", \"ref\": \"" + rewritten
                        + "\", \"sourceRepo\": \"github:" + ANALYTICS + "@main\"}")
                .post("/deployments?wait=true").then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("duplicate", equalTo(true)).extract().asString();
        assertThat(source).contains("not-forward");
        assertThat(all(ModelRejected.class, Topics.MODELS, e -> e.commit().equals(rewritten))).hasSize(1);

        // an operator rolls back on purpose: deployed, and main's head is the current model again
        given().header("Authorization", "Bearer " + EmbeddedInfrastructure.SECRET).contentType("application/json")
                .body("{\"repoUrl\": \"" + repo.url() + "\", \"ref\": \"" + rewritten + "\", \"sourceRepo\": \"github:"
                        + ANALYTICS + "@main\", \"allowRollback\": true}")
                .post("/deployments?wait=true").then().statusCode(200).body("status", equalTo("DEPLOYED"))
                .body("duplicate", equalTo(false));
        given().get("/catalog").then().body("commit", equalTo(rewritten));
        assertThat(given().get("/catalog/workspaces").jsonPath().getList("name", String.class))
                .contains(ws + "_other").doesNotContain(ws);
        assertThat(deploymentsOf(rewritten)).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "DEPLOYED"));
    }

    @Test
    @DisplayName("regression: the webhook cloned whatever clone_url the body named")
    void aPushIsFetchedFromTheConfiguredGitHostNotFromTheBodysCloneUrl() throws Exception {
        String ws = "ws_" + id();
        ModelRepos repo = repo();
        addWorkspace(repo, ws, "customers/customers");
        String commit = repo.commit("add " + ws);
        // the body points elsewhere on github.com, and at a folder of the attacker's: only full_name counts
        for (String elsewhere : List.of("https://github.com/attacker/evil.git", "https://github.com/" + ANALYTICS
                + "/../../attacker/evil.git")) {
            byte[] body = new String(pushBody(repo, ANALYTICS, "main", commit), StandardCharsets.UTF_8)
                    .replace("https://github.com/" + ANALYTICS + ".git", elsewhere).getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(body))
                    .contentType("application/json").body(body).post("/webhooks/git").then().statusCode(202);
        }

        ModelDeployed deployed = await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));
        assertThat(deployed.sourceRepo()).isEqualTo("github:" + ANALYTICS + "@main");
        assertThat(deploymentsOf(commit)).singleElement().satisfies(d -> assertThat(d.get("source").toString())
                .endsWith("/" + ANALYTICS + ".git#" + commit).doesNotContain("attacker"));
    }

    @Test
    void aPushFromAGitHostThatIsNotConfiguredIsRefusedWithoutFetching() throws Exception {
        ModelRepos repo = repo();
        addWorkspace(repo, "ws_" + id(), "customers/customers");
        String commit = repo.commit("from elsewhere");
        try {
            for (String url : List.of("https://evil.example/" + ANALYTICS + ".git", repo.url())) {
                byte[] body = new String(pushBody(repo, ANALYTICS, "main", commit), StandardCharsets.UTF_8)
                        .replace("https://github.com/" + ANALYTICS + ".git", url).getBytes(StandardCharsets.UTF_8);
                given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(body))
                        .contentType("application/json").body(body).post("/webhooks/git").then().statusCode(400)
                        .body("error", org.hamcrest.Matchers.anyOf(
                                containsString("not one of the configured git hosts [github.com]"),
                                containsString("names no host")));
            }
            assertThat(deploymentsOf(commit)).isEmpty();
        } finally {
            repo.dropLastCommit();
        }
    }

    @Test
    @DisplayName("regression: a delivery seen before was fetched and deployed again")
    void aDeliverySeenBeforeIsAnsweredWithoutFetching() throws Exception {
        ModelRepos repo = repo();
        repo.write("README.md", "replayed " + id() + "\n");
        String commit = repo.commit("notes");
        String delivery = UUID.randomUUID().toString();
        push(repo, ECOSYSTEM, "main", commit, delivery).then().statusCode(202).body("status", equalTo("queued"));
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));
        link(ECOSYSTEM, null); // were it fetched again, it would fail
        try {
            push(repo, ECOSYSTEM, "main", commit, delivery).then().statusCode(200).body("status", equalTo("DEPLOYED"))
                    .body("duplicate", equalTo(true)).body("commit", equalTo(commit))
                    .body("message", containsString("received before"));
        } finally {
            link(ECOSYSTEM, repo);
        }

        assertThat(deploymentsOf(commit)).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "DEPLOYED"));
        assertThat(all(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit))).hasSize(1);
    }

    @Test
    void aRedeliveryOfAPushThatFailedDeploysIt() throws Exception {
        ModelRepos repo = repo();
        repo.write("README.md", "late " + id() + "\n");
        String commit = repo.commit("notes");
        String delivery = UUID.randomUUID().toString();
        link(ECOSYSTEM, null);
        try {
            push(repo, ECOSYSTEM, "main", commit, delivery).then().statusCode(202); // no repository there: FAILED
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(deploymentsOf(commit))
                    .singleElement().satisfies(d -> assertThat(d).containsEntry("status", "FAILED")));
        } finally {
            link(ECOSYSTEM, repo);
        }

        push(repo, ECOSYSTEM, "main", commit, delivery).then().statusCode(202).body("status", equalTo("queued"));

        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));
        assertThat(deploymentsOf(commit)).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "DEPLOYED"));
    }

    @Test
    void otherBranchesEventsAndMalformedBodiesAreAnsweredWithoutDeploying() throws Exception {
        ModelRepos repo = repo();
        {
            addWorkspace(repo, "ws_" + id(), "customers/customers");
            String commit = repo.commit("work on a feature branch");
            repo.dropLastCommit(); // main stays the deployed model; the commit lives on as feature-x's
            push(repo, ANALYTICS, "feature-x", commit).then().statusCode(204);
            byte[] ping = "{\"zen\": \"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", "ping").header("X-Hub-Signature-256", sign(ping)).body(ping)
                    .post("/webhooks/git").then().statusCode(204);
            byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(junk))
                    .contentType("application/json").body(junk).post("/webhooks/git").then().statusCode(400);
            byte[] noRepo = "{\"ref\": \"refs/heads/main\", \"after\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
            given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(noRepo))
                    .contentType("application/json").body(noRepo).post("/webhooks/git").then().statusCode(400)
                    .body("error", equalTo("the push event has no repository.full_name"));
            // GitLab: the token header instead of a signature
            given().header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", "wrong").body(noRepo)
                    .post("/webhooks/git").then().statusCode(401);
            assertThat(deploymentsOf(commit)).isEmpty();
        }
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        String ws = "ws_" + id();
        ModelRepos repo = repo();
        addWorkspace(repo, ws, "customers/customers");
        String commit = repo.commit("add " + ws);
        push(repo, ANALYTICS, "main", commit).then().statusCode(202);
        await(ModelDeployed.class, Topics.MODELS, e -> e.commit().equals(commit));

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("models"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("datasurface_deployments_total{outcome=\"deployed\""));
    }

    // ------------------------------------------------------------------ helpers

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A workspace of the analytics team with one live-only group {@code g} taking the sink (not assigned yet). */
    private static void addWorkspace(ModelRepos repo, String name, String sink) throws Exception {
        repo.write("zones/retail/teams/analytics/" + name + ".yaml", """
                kind: Workspace
                name: %s
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: g
                    requirements: { milestoning: live-only }
                    sinks: [%s]
                """.formatted(name, sink));
    }

    /** The central repo's part: assigns the workspace's group {@code g} to yellow_live. */
    private static void assign(ModelRepos repo, String name) throws Exception {
        repo.edit("dsg_platform_mapping.json", "[\n", "[\n  {\"workspace\": \"" + name + "\", \"dsg\": \"g\", "
                + "\"assignments\": [{\"dataPlatform\": \"yellow_live\", \"status\": \"PROVISIONED\"}]},\n");
    }

    /** A push as GitHub sends it: the service fetches {@code full_name} from its github.com base, not clone_url. */
    private static byte[] pushBody(ModelRepos repo, String fullName, String branch, String commit) {
        return ("{\"ref\": \"refs/heads/" + branch + "\", \"before\": \"0000000000000000000000000000000000000000\", "
                + "\"after\": \"" + commit + "\", \"deleted\": false, \"repository\": {\"full_name\": \"" + fullName
                + "\", \"clone_url\": \"https://github.com/" + fullName + ".git\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Response push(ModelRepos repo, String fullName, String branch, String commit) {
        return push(repo, fullName, branch, commit, UUID.randomUUID().toString());
    }

    /** A push as GitHub delivers it, with its delivery id ({@code X-GitHub-Delivery}; the same on redelivery). */
    private static Response push(ModelRepos repo, String fullName, String branch, String commit, String delivery) {
        byte[] body = pushBody(repo, fullName, branch, commit);
        return given().header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(body))
                .header("X-GitHub-Delivery", delivery).contentType("application/json").body(body)
                .post("/webhooks/git");
    }

    /** Makes {@code fullName} at the github.com base the test repository (or, with null, no repository at all). */
    private java.nio.file.Path link(String fullName, ModelRepos repo) throws Exception {
        java.nio.file.Path hosts = java.nio.file.Path.of(java.net.URI.create(config.gitHosts().get("github.com")));
        java.nio.file.Path link = hosts.resolve(fullName + ".git");
        java.nio.file.Files.deleteIfExists(link);
        if (repo != null) {
            java.nio.file.Files.createDirectories(link.getParent());
            java.nio.file.Files.createSymbolicLink(link, repo.dir);
        }
        return link;
    }

    private static String sign(byte[] body) {
        return WebhookSignature.gitHubHeader(EmbeddedInfrastructure.SECRET, body);
    }

    private static String currentVersion() {
        Response r = given().get("/catalog");
        return r.statusCode() == 404 ? null : r.jsonPath().getString("version");
    }

    private static List<java.util.Map<String, Object>> deploymentsOf(String commit) {
        List<java.util.Map<String, Object>> all = given().header("Authorization", "Bearer "
                + EmbeddedInfrastructure.SECRET).get("/deployments?limit=500").jsonPath().getList("$");
        return all.stream().filter(d -> commit.equals(d.get("commit"))).toList();
    }

    private static <T extends Event> T await(Class<T> type, String topic, Predicate<T> matches) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<T> found = all(type, topic, matches);
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " on " + topic + " within " + WAIT);
    }

    /** Every matching event now on the topic, as a read_committed consumer sees it. */
    private static <T extends Event> List<T> all(Class<T> type, String topic, Predicate<T> matches) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.broker().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Event e = Json.read(r.value(), Event.class);
                    if (type.isInstance(e) && matches.test(type.cast(e))) {
                        out.add(type.cast(e));
                    }
                }
            }
        }
        return out;
    }
}

package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /deployments} and the catalog's answers, on the app ModelServiceIT uses too. The service's
 * current model is shared with ModelServiceIT, whose tests commit to one repository whose head must stay
 * the deployed model, and either class may run first. So every model deployed here is a copy of whatever is
 * current (the folder {@code GET /catalog} names, under the models folder), and the one test that makes a
 * change current deploys that copy again afterwards (from the same team's repo), leaving the current model
 * as it found it. If nothing is deployed yet, the mvp example is deployed first, as ModelServiceIT's
 * repository starts with it.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class DeploymentsResourceIT {
    static final String ANALYTICS = "github:acme/analytics-model@main";
    static final String CRM = "github:acme/crm-model@main";
    static final String ECOSYSTEM = "github:acme/datasurface-model@main";
    static final String AUTH = "Bearer " + EmbeddedInfrastructure.SECRET;

    @Inject
    ModelServiceConfig config;
    @Inject
    ModelService service;

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ refused requests

    @Test
    void withoutTheRightBearerTokenNothingIsDeployed() throws Exception {
        Path model = copyOfCurrent("unauthorized");
        addWorkspace(model, "ws_" + id());
        String body = body(model, ANALYTICS);

        given().body(body).post("/deployments?wait=true").then().statusCode(401)
                .body("error", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer not the secret").body(body).post("/deployments?wait=true")
                .then().statusCode(401);
        given().header("Authorization", EmbeddedInfrastructure.SECRET).body(body).post("/deployments?wait=true")
                .then().statusCode(401); // the secret without "Bearer "
        given().header("Authorization", "Basic " + EmbeddedInfrastructure.SECRET).body(body)
                .post("/deployments?wait=true").then().statusCode(401);

        // deployments run in order: one after these shows they were never queued
        deploy(copyOfCurrent("after"), ECOSYSTEM).then().statusCode(200).body("status", equalTo("DEPLOYED"));
        assertThat(deployments()).noneMatch(d -> model.toString().equals(d.get("source")));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithWhatItShouldBe() {
        given().header("Authorization", AUTH).body("path=/models/acme").post("/deployments?wait=true")
                .then().statusCode(400).body("error", containsString("the body must be JSON"))
                .body("error", containsString("\"path\""));
    }

    @Test
    void aFolderThatDoesNotExistIsRefusedNamingIt() {
        Path missing = tmp.resolve("no-such-model");

        given().header("Authorization", AUTH).body(body(missing, ANALYTICS)).post("/deployments?wait=true")
                .then().statusCode(400).body("error", equalTo("path " + missing + " is not a folder the model-service "
                        + "can read (an absolute path on its server)"));
    }

    @Test
    void aFileIsNotAModelFolder() throws IOException {
        Path file = Files.writeString(tmp.resolve("ecosystem.yaml"), "kind: Ecosystem\n");

        given().header("Authorization", AUTH).body(body(file, ANALYTICS)).post("/deployments?wait=true")
                .then().statusCode(400).body("error", containsString(file.toString()));
    }

    @Test
    void aBodyNamingNeitherOrBothSourcesIsRefused() throws IOException {
        Path model = copyOfCurrent("both");

        given().header("Authorization", AUTH).body("{}").post("/deployments").then().statusCode(400)
                .body("error", containsString("a git URL or a local path"));
        given().header("Authorization", AUTH).body("{\"path\": \"\", \"sourceRepo\": \"" + ANALYTICS + "\"}")
                .post("/deployments").then().statusCode(400).body("error", containsString("a git URL or a local path"));
        given().header("Authorization", AUTH).body("{\"path\": " + quoted(model) + ", \"repoUrl\": "
                + quoted(model.toUri().toString()) + ", \"ref\": \"main\"}").post("/deployments")
                .then().statusCode(400).body("error", containsString("not both"));
        given().header("Authorization", AUTH).body("{\"repoUrl\": " + quoted(model.toUri().toString()) + "}")
                .post("/deployments").then().statusCode(400).body("error", containsString("commit or branch"));
    }

    // ------------------------------------------------------------------ deployments

    @Test
    void aFolderWithANewWorkspaceFromItsTeamsRepoIsDeployedOnceAndListed() throws Exception {
        Path base = copyOfCurrent("base");
        String ws = "ws_" + id();
        Path model = copyOfCurrent("model");
        addWorkspace(model, ws);
        try {
            JsonPath first = deploy(model, ANALYTICS).then().statusCode(200).extract().jsonPath();
            assertThat(first.getString("status")).as("%s", first.prettify()).isEqualTo("DEPLOYED");
            assertThat(first.getBoolean("duplicate")).isFalse();
            assertThat(first.getString("commit")).matches("local-[0-9a-f]{40}");
            assertThat(first.getString("modelVersion")).matches("model-\\d{10}");
            assertThat(first.getList("problems", Map.class)).noneMatch(p -> "ERROR".equals(p.get("severity")));
            String commit = first.getString("commit");

            // the catalog shows it
            given().get("/catalog").then().statusCode(200).body("version", equalTo(first.getString("modelVersion")))
                    .body("commit", equalTo(commit)).body("sourceRepo", equalTo(ANALYTICS));
            assertThat(given().get("/catalog/workspaces").jsonPath().getList("name", String.class)).contains(ws);

            // the same content again, from another folder: answered from the first deployment
            Path again = tmp.resolve("again");
            copyModelFiles(model, again);
            JsonPath second = deploy(again, ANALYTICS).then().statusCode(200).extract().jsonPath();
            assertThat(second.getBoolean("duplicate")).isTrue();
            assertThat(second.getString("status")).isEqualTo("DEPLOYED");
            assertThat(second.getString("commit")).isEqualTo(commit);
            assertThat(second.getString("modelVersion")).isEqualTo(first.getString("modelVersion"));
            given().get("/catalog").then().body("version", equalTo(first.getString("modelVersion")));

            // listed once, with its execution
            List<Map<String, Object>> listed = deployments().stream().filter(d -> commit.equals(d.get("commit"))
                    && ANALYTICS.equals(d.get("sourceRepo"))).toList();
            assertThat(listed).singleElement().satisfies(d -> {
                assertThat(d).containsEntry("status", "DEPLOYED")
                        .containsEntry("modelVersion", first.getString("modelVersion"))
                        .containsEntry("source", model.toString());
                assertThat(d.get("executionId")).isNotNull();
                assertThat(d.get("finishedAt")).isNotNull();
            });
            given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/catalog/deployments").then()
                    .statusCode(200).body("commit", org.hamcrest.Matchers.hasItem(commit));
        } finally {
            // the workspace's team removes it again: the current model is the one this test found
            JsonPath restored = deploy(base, ANALYTICS).then().statusCode(200).extract().jsonPath();
            assertThat(restored.getString("status")).as("%s", restored.prettify()).isEqualTo("DEPLOYED");
            assertThat(restored.getBoolean("duplicate")).as("restored, not answered as a duplicate").isFalse();
        }
        assertThat(given().get("/catalog/workspaces").jsonPath().getList("name", String.class)).doesNotContain(ws);
        assertThat(modelFiles(currentFolder())).isEqualTo(modelFiles(base));
    }

    @Test
    void aNewWorkspaceFromAnotherTeamsRepoIsRejectedAndStaysRejected() throws Exception {
        String ws = "ws_" + id();
        Path model = copyOfCurrent("model");
        addWorkspace(model, ws);
        String before = currentVersion();

        JsonPath rejected = deploy(model, CRM).then().statusCode(200).extract().jsonPath();

        assertThat(rejected.getString("status")).isEqualTo("REJECTED");
        assertThat(rejected.getBoolean("duplicate")).isFalse();
        assertThat(rejected.getString("modelVersion")).isNull();
        List<Map<String, Object>> problems = rejected.getList("problems");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p).containsEntry("rule", "unauthorized-change").containsEntry("severity", "ERROR")
                    .containsEntry("file", "zones/retail/teams/analytics/" + ws + ".yaml");
            assertThat((String) p.get("message")).contains(ws).contains(CRM).contains(ANALYTICS);
        });
        assertThat(currentVersion()).isEqualTo(before);
        assertThat(given().get("/catalog/workspaces").jsonPath().getList("name", String.class)).doesNotContain(ws);

        // a rejected model stays rejected: the same content from the same repo is not tried again
        JsonPath again = deploy(model, CRM).then().statusCode(200).extract().jsonPath();
        assertThat(again.getBoolean("duplicate")).isTrue();
        assertThat(again.getString("status")).isEqualTo("REJECTED");
        assertThat(again.getList("problems")).hasSameSizeAs(problems);
        assertThat(deployments()).filteredOn(d -> rejected.getString("commit").equals(d.get("commit"))
                && CRM.equals(d.get("sourceRepo"))).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "REJECTED"));
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void aRepositoryCommitIsFetchedAndCheckedLikeAFolder() throws Exception {
        // a local git repository holding the current model plus a workspace, pushed by the wrong team
        String ws = "ws_" + id();
        Path repoDir = copyOfCurrent("repo");
        String before = currentVersion();
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repoDir.toFile())
                .setInitialBranch("main").call()) {
            addWorkspace(repoDir, ws);
            String commit = commit(git, "add " + ws);
            // a later commit on the branch: the older one must still be fetched as it was
            Files.writeString(repoDir.resolve("zones/retail/teams/analytics/" + ws + ".yaml"), "# gone\n");
            commit(git, "later");

            // a repository of its own, which does not hold the deployed commit: only a rollback may deploy it
            JsonPath result = given().header("Authorization", AUTH).body("{\"repoUrl\": "
                    + quoted(repoDir.toUri().toString()) + ", \"ref\": \"" + commit + "\", \"sourceRepo\": \"" + CRM
                    + "\", \"allowRollback\": true}").post("/deployments?wait=true").then().statusCode(200)
                    .extract().jsonPath();

            assertThat(result.getString("commit")).isEqualTo(commit);
            assertThat(result.getString("status")).as("%s", result.prettify()).isEqualTo("REJECTED");
            assertThat(result.getList("problems", Map.class)).anyMatch(p -> "unauthorized-change".equals(p.get("rule"))
                    && String.valueOf(p.get("message")).contains(ws));
        }
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void aRepoUrlWithCredentialsIsRefusedWithoutShowingThem() {
        String before = currentVersion();

        given().header("Authorization", AUTH)
                .body("{\"repoUrl\": \"https://user:s3cret@github.com/acme/model.git\", \"ref\": \"main\"}")
                .post("/deployments?wait=true").then().statusCode(400)
                .body("error", containsString("must not carry credentials"))
                .body("error", org.hamcrest.Matchers.not(containsString("s3cret")));

        assertThat(given().header("Authorization", AUTH).get("/deployments?limit=500").asString())
                .doesNotContain("s3cret");
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    @DisplayName("regression: POST /deployments fetched from any URL, and the token went to any https host")
    void aRepoUrlThatIsNotUnderAConfiguredGitHostIsRefused() {
        for (String url : List.of("https://evil.example/acme/model.git", "http://github.com/acme/model.git",
                "git://github.com/acme/model.git")) {
            given().header("Authorization", AUTH).body("{\"repoUrl\": \"" + url + "\", \"ref\": \"main\"}")
                    .post("/deployments?wait=true").then().statusCode(400)
                    .body("error", containsString("configured git hosts"));
        }
        assertThat(deployments()).noneMatch(d -> String.valueOf(d.get("source")).contains("/acme/model.git"));
    }

    @Test
    void anUnreachableRepositoryFails() {
        String before = currentVersion();
        String missing = tmp.resolve("no-repo-here").toUri().toString();

        JsonPath result = given().header("Authorization", AUTH)
                .body("{\"repoUrl\": \"" + missing + "\", \"ref\": \"main\"}")
                .post("/deployments?wait=true").then().statusCode(200).extract().jsonPath();

        assertThat(result.getString("status")).isEqualTo("FAILED");
        assertThat(result.getString("error")).contains("no-repo-here");
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void withoutWaitTheDeploymentIsQueued() throws Exception {
        Path model = unchangedModelNewContent("queued");

        given().header("Authorization", AUTH).body(body(model, ECOSYSTEM)).post("/deployments").then().statusCode(202)
                .body("status", equalTo("queued")).body("source", equalTo(model.toString()));

        // it runs after the answer (and is done before the next test looks at the current version)
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(deployments())
                .anySatisfy(d -> assertThat(d).containsEntry("source", model.toString())
                        .containsEntry("status", "DEPLOYED")));
    }

    @Test
    @DisplayName("regression: the deployment queue had no bound")
    void aFullQueueAnswers503WithRetryAfterAndQueuesNothing() throws Exception {
        Path model = unchangedModelNewContent("waits");
        Path refused = copyOfCurrent("refused");
        // the deployments table locked: the first deployment runs and waits for it, the next ones wait in the queue
        EmbeddedPostgresServer pg = PostgresExtension.server();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(EmbeddedInfrastructure.DB), pg.user(),
                pg.password())) {
            c.setAutoCommit(false);
            c.createStatement().execute("LOCK TABLE datasurface_model.deployments IN ACCESS EXCLUSIVE MODE");
            given().header("Authorization", AUTH).body(body(model, ECOSYSTEM)).post("/deployments").then()
                    .statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> service.queue().waiting() == 0);
            for (int i = 0; i < EmbeddedInfrastructure.QUEUE; i++) {
                given().header("Authorization", AUTH).body(body(model, ECOSYSTEM)).post("/deployments").then()
                        .statusCode(202);
            }

            Response full = given().header("Authorization", AUTH).body(body(refused, ECOSYSTEM)).post("/deployments");

            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(Long.parseLong(full.header("Retry-After"))).isBetween(1L, 600L);
            assertThat(full.jsonPath().getString("error")).startsWith(EmbeddedInfrastructure.QUEUE
                    + " deployments are waiting and the queue is full (datasurface.model-service.deployment-queue-size)"
                    + "; try again after ");
            c.rollback();
        }
        service.queue().drained().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(deployments()).anySatisfy(d -> assertThat(d).containsEntry("source", model.toString())
                .containsEntry("status", "DEPLOYED"));
        assertThat(deployments()).noneMatch(d -> refused.toString().equals(d.get("source")));
    }

    @Test
    @DisplayName("regression: GET /deployments answered anyone")
    void theDeploymentListNeedsTheBearerToken() {
        for (String path : List.of("/deployments", "/deployments?limit=500")) {
            given().get(path).then().statusCode(401).body("error", equalTo(
                    "missing or wrong 'Authorization: Bearer <webhook secret>'"));
            given().header("Authorization", "Bearer not the secret").get(path).then().statusCode(401);
            given().header("Authorization", EmbeddedInfrastructure.SECRET).get(path).then().statusCode(401);
            given().header("Authorization", AUTH).get(path).then().statusCode(200);
        }
        // the catalog's copy of the list is an admin endpoint, as the catalog's graph is
        given().get("/catalog/deployments").then().statusCode(401);
        given().header("Authorization", AUTH).get("/catalog/deployments").then().statusCode(401);
        given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/catalog/deployments").then().statusCode(200);
    }

    @Test
    void noDeploymentOrAnswerCarriesACredential() throws Exception {
        List<String> answers = new java.util.ArrayList<>();
        answers.add(given().header("Authorization", AUTH).body("{\"repoUrl\": \"https://bot:s3cret@github.com/acme/x"
                + ".git\", \"ref\": \"main\"}").post("/deployments?wait=true").asString());
        answers.add(given().header("Authorization", AUTH).body("{\"repoUrl\": \"file://bot:s3cret@localhost/x.git\", "
                + "\"ref\": \"main\"}").post("/deployments?wait=true").asString());
        answers.add(given().header("Authorization", AUTH).body(body(unchangedModelNewContent("fine"), ECOSYSTEM))
                .post("/deployments?wait=true").asString());
        answers.add(given().header("Authorization", AUTH).get("/deployments?limit=500").asString());
        answers.add(given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/catalog/deployments").asString());
        answers.add(given().get("/catalog").asString());
        answers.add(given().get("/q/health/ready").asString());

        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain("s3cret")
                .doesNotContain(EmbeddedInfrastructure.GIT_TOKEN).doesNotContain(EmbeddedInfrastructure.SECRET));
    }

    // ------------------------------------------------------------------ the catalog

    @Test
    void anUnknownDatastoreOrPlatformIs404WithAMessage() throws IOException {
        copyOfCurrent("ensure-a-model"); // deploys the mvp example when nothing is deployed yet

        given().get("/catalog/datastores/nope").then().statusCode(404)
                .body("error", equalTo("no datastore 'nope' in the current model"));
        given().header("Authorization", EmbeddedInfrastructure.ADMIN).get("/catalog/platforms/nope/graph").then()
                .statusCode(404)
                .body("error", equalTo("no platform 'nope' in the current model"));
        given().get("/catalog/datastores/customers").then().statusCode(200).body("name", equalTo("customers"));
    }

    @Test
    void theDeploymentsListHonoursItsLimit() throws IOException {
        copyOfCurrent("ensure-a-model");
        deploy(unchangedModelNewContent("one-more"), ECOSYSTEM).then().statusCode(200)
                .body("duplicate", equalTo(false)); // so there are at least two deployments

        assertThat(given().header("Authorization", AUTH).get("/deployments?limit=1").jsonPath().getList("$")).hasSize(1);
        assertThat(given().header("Authorization", AUTH).get("/deployments?limit=0").jsonPath().getList("$")).hasSize(1);
        assertThat(given().header("Authorization", AUTH).get("/deployments?limit=2").jsonPath().getList("$")).hasSize(2);
    }

    // ------------------------------------------------------------------ helpers

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static String quoted(Object s) {
        return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String body(Path model, String sourceRepo) {
        return "{\"path\": " + quoted(model) + (sourceRepo == null ? "" : ", \"sourceRepo\": " + quoted(sourceRepo))
                + "}";
    }

    private static Response deploy(Path model, String sourceRepo) {
        return given().header("Authorization", AUTH).contentType("application/json").body(body(model, sourceRepo))
                .post("/deployments?wait=true");
    }

    private static String commit(org.eclipse.jgit.api.Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call().getName();
    }

    /** A workspace of the analytics team with one live-only group, not assigned to any platform. */
    private static void addWorkspace(Path model, String name) throws IOException {
        Files.writeString(model.resolve("zones/retail/teams/analytics/" + name + ".yaml"), """
                kind: Workspace
                name: %s
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: g
                    requirements: { milestoning: live-only }
                    sinks: [customers/customers]
                """.formatted(name));
    }

    private static String currentVersion() {
        Response r = given().get("/catalog");
        return r.statusCode() == 404 ? null : r.jsonPath().getString("version");
    }

    /** The folder of the current model version, deploying the mvp example first when there is none. */
    private Path currentFolder() throws IOException {
        String version = currentVersion();
        if (version == null) {
            Path mvp = tmp.resolve("mvp");
            copyModelFiles(ModelRepos.MVP, mvp);
            // no sourceRepo: the model's own ecosystem repo stands for it
            deploy(mvp, null).then().statusCode(200).body("status", equalTo("DEPLOYED"));
            assertThat(deployments()).anySatisfy(d -> assertThat(d).containsEntry("source", mvp.toString())
                    .containsEntry("sourceRepo", ECOSYSTEM));
            version = currentVersion();
        }
        return config.modelsDir().toAbsolutePath().resolve(version);
    }

    private Path copyOfCurrent(String name) throws IOException {
        Path to = tmp.resolve(name);
        copyModelFiles(currentFolder(), to);
        return to;
    }

    /**
     * The current model with a file the loader does not read: the same model, but content never deployed
     * before (the same content again would be answered as a duplicate of its first deployment).
     */
    private Path unchangedModelNewContent(String name) throws IOException {
        Path to = copyOfCurrent(name);
        Files.writeString(to.resolve("NOTES-" + id() + ".md"), "deployed by DeploymentsResourceIT\n");
        return to;
    }

    /** Every file but hidden ones (the deployment info), as the service reads a model folder. */
    private static void copyModelFiles(Path from, Path to) throws IOException {
        for (Map.Entry<String, String> f : modelFiles(from).entrySet()) {
            Path target = to.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
        Files.createDirectories(to);
    }

    private static Map<String, String> modelFiles(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                Path rel = dir.relativize(f);
                boolean hidden = false;
                for (Path part : rel) {
                    hidden |= part.toString().startsWith(".");
                }
                if (!hidden) {
                    out.put(rel.toString(), Files.readString(f));
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> deployments() {
        return given().header("Authorization", AUTH).get("/deployments?limit=500").jsonPath().getList("$");
    }
}

package io.datasurface.modelservice.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.modelservice.deploy.WebhookSignature;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the webhook and the deployments API must refuse: each gets its status and a message saying what is
 * wrong, and nothing is queued, fetched, deployed or written — the deployments, the models folder and the
 * current model are as before once every deployment queued before has ended.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedInfrastructure.class)
class BadRequestsIT {
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    static final String AUTH = "Bearer " + EmbeddedInfrastructure.SECRET;
    static final String SIGNATURE = "missing or wrong X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook "
            + "secret)";
    static final String BEARER = "missing or wrong 'Authorization: Bearer <webhook secret>'";

    @Inject
    ModelService service;
    @Inject
    ModelServiceConfig config;

    /** One bad request: what it is, how it is sent, the status and (for an error) a part of the message. */
    record Bad(String name, Supplier<Response> send, int status, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A GitHub push event as GitHub sends it, trimmed to what the service reads. */
    static String push(String ref, String after, String fullName, String cloneUrl) {
        return """
                {"ref": "%s", "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b", "after": "%s", "deleted": false,
                 "head_commit": {"id": "%s"},
                 "repository": {"full_name": "%s", "clone_url": "%s", "default_branch": "main"}}
                """.formatted(ref, after, after, fullName, cloneUrl);
    }

    static String push() {
        return push("refs/heads/main", SHA, "acme/analytics-model", "https://github.com/acme/analytics-model.git");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static RequestSpecification github(String body) {
        return given().header("X-GitHub-Event", "push").header("X-GitHub-Delivery", java.util.UUID.randomUUID()
                .toString()).header("X-Hub-Signature-256", WebhookSignature.gitHubHeader(EmbeddedInfrastructure.SECRET,
                bytes(body))).contentType("application/json").body(bytes(body));
    }

    static Bad webhook(String name, String body, int status, String message) {
        return new Bad(name, () -> github(body).post("/webhooks/git"), status, message);
    }

    static Bad webhook(String name, Supplier<Response> send, int status, String message) {
        return new Bad(name, send, status, message);
    }

    static Stream<Bad> webhooks() {
        String good = push();
        return Stream.of(
                webhook("no signature", () -> given().header("X-GitHub-Event", "push").contentType("application/json")
                        .body(bytes(good)).post("/webhooks/git"), 401, SIGNATURE),
                webhook("signed with another secret", () -> given().header("X-GitHub-Event", "push")
                        .header("X-Hub-Signature-256", WebhookSignature.gitHubHeader("not the secret", bytes(good)))
                        .contentType("application/json").body(bytes(good)).post("/webhooks/git"), 401, SIGNATURE),
                webhook("the signature of another body", () -> given().header("X-GitHub-Event", "push")
                        .header("X-Hub-Signature-256", WebhookSignature.gitHubHeader(EmbeddedInfrastructure.SECRET,
                                bytes(good))).contentType("application/json")
                        .body(bytes(good.replace("acme/analytics-model", "acme/crm-model"))).post("/webhooks/git"),
                        401, SIGNATURE),
                webhook("a SHA-1 signature", () -> given().header("X-GitHub-Event", "push")
                        .header("X-Hub-Signature-256", WebhookSignature.gitHubHeader(EmbeddedInfrastructure.SECRET,
                                bytes(good)).replace("sha256=", "sha1=")).contentType("application/json")
                        .body(bytes(good)).post("/webhooks/git"), 401, SIGNATURE),
                webhook("GitLab without its token", () -> given().header("X-Gitlab-Event", "Push Hook")
                        .contentType("application/json").body(bytes(good)).post("/webhooks/git"), 401,
                        "missing or wrong X-Gitlab-Token"),
                webhook("GitLab with a wrong token", () -> given().header("X-Gitlab-Event", "Push Hook")
                        .header("X-Gitlab-Token", "guess").contentType("application/json").body(bytes(good))
                        .post("/webhooks/git"), 401, "missing or wrong X-Gitlab-Token"),
                webhook("form-encoded instead of JSON", () -> github("payload=" + java.net.URLEncoder.encode(good,
                        StandardCharsets.UTF_8)).contentType("application/x-www-form-urlencoded").body("payload="
                        + java.net.URLEncoder.encode(good, StandardCharsets.UTF_8)).post("/webhooks/git"),
                        415, "a push event must come as Content-Type: application/json"),
                webhook("text instead of JSON", () -> github(good).contentType("text/plain").post("/webhooks/git"), 415,
                        "not text/plain"),
                webhook("a body that is not JSON", "{\"ref\": \"refs/heads/main\",", 400, "the body is not JSON"),
                webhook("a JSON array", "[{\"ref\": \"refs/heads/main\"}]", 400, "the body is not a JSON object"),
                webhook("an empty body", "", 400, "the body is not"),
                webhook("no repository", good.replace("\"full_name\": \"acme/analytics-model\", ", ""), 400,
                        "the push event has no repository.full_name"),
                webhook("no head commit (no after)", good.replace("\"after\": \"" + SHA + "\", ", ""), 400,
                        "the push event has no after"),
                webhook("a branch name as the commit", push("refs/heads/main", "main", "acme/analytics-model",
                        "https://github.com/acme/analytics-model.git"), 400,
                        "the push event's after is not a full commit id"),
                webhook("a revision expression as the commit", push("refs/heads/main", "HEAD~1", "acme/analytics-model",
                        "https://github.com/acme/analytics-model.git"), 400, "is not a full commit id"),
                webhook("path traversal in the repository name", push("refs/heads/main", SHA, "acme/../../etc",
                        "https://github.com/acme/x.git"), 400,
                        "repository 'acme/../../etc' is not a repository name such as owner/name"),
                webhook("a URL as the repository name", push("refs/heads/main", SHA, "https://evil.example/x",
                        "https://github.com/acme/x.git"), 400, "is not a repository name"),
                webhook("a git host that is not configured", push("refs/heads/main", SHA, "acme/analytics-model",
                        "https://evil.example/acme/analytics-model.git"), 400,
                        "the push comes from git host 'evil.example', which is not one of the configured git hosts"),
                webhook("a repository URL with no host", push("refs/heads/main", SHA, "acme/analytics-model",
                        "file:///etc/model.git"), 400, "names no host"),
                webhook("a ref that is neither a branch nor a tag", push("refs/notes/main", SHA, "acme/analytics-model",
                        "https://github.com/acme/analytics-model.git"), 400, "is not a branch (refs/heads/...) or a tag"),
                webhook("a GitLab body announced as GitHub", """
                        {"object_kind": "push", "ref": "refs/heads/main", "checkout_sha": "%s", "after": "%s",
                         "project": {"path_with_namespace": "acme/analytics-model",
                                     "git_http_url": "https://github.com/acme/analytics-model.git"}}
                        """.formatted(SHA, SHA), 400, "the push event has no repository.full_name"),
                webhook("a delivery id that is not an id", () -> github(good).header("X-GitHub-Delivery", "../../x")
                        .post("/webhooks/git"), 400, "X-GitHub-Delivery must be an id"),
                webhook("an oversized body", "{\"ref\": \"" + "x".repeat(2 << 20) + "\"}", 413,
                        "more than the 1048576 a request may have (datasurface.model-service.max-body-bytes)"),
                webhook("a branch deletion", good.replace("\"after\": \"" + SHA + "\"", "\"after\": \"" + "0".repeat(40)
                        + "\"").replace("\"deleted\": false", "\"deleted\": true"), 204, null),
                webhook("a tag push", push("refs/tags/v1", SHA, "acme/analytics-model",
                        "https://github.com/acme/analytics-model.git"), 204, null),
                webhook("a push to another branch", push("refs/heads/feature/x", SHA, "acme/analytics-model",
                        "https://github.com/acme/analytics-model.git"), 204, null));
    }

    static Bad api(String name, String body, int status, String message) {
        return new Bad(name, () -> given().header("Authorization", AUTH).body(body).post("/deployments?wait=true"),
                status, message);
    }

    static Stream<Bad> deploymentRequests() throws IOException {
        Path folder = Files.createTempDirectory("a-model-folder");
        return Stream.of(
                new Bad("no Authorization", () -> given().body("{\"path\": \"" + folder + "\"}")
                        .post("/deployments?wait=true"), 401, BEARER),
                new Bad("a wrong bearer token", () -> given().header("Authorization", "Bearer guess")
                        .body("{\"path\": \"" + folder + "\"}").post("/deployments?wait=true"), 401, BEARER),
                new Bad("the deployment list without Authorization", () -> given().get("/deployments"), 401, BEARER),
                api("a body that is not JSON", "path=" + folder, 400, "the body must be JSON: "),
                api("a JSON array", "[\"" + folder + "\"]", 400, "the body must be a JSON object"),
                api("an unknown field", "{\"path\": \"" + folder + "\", \"allowRollbak\": true}", 400,
                        "unknown field \"allowRollbak\""),
                api("allowRollback not a boolean", "{\"path\": \"" + folder + "\", \"allowRollback\": \"yes\"}", 400,
                        "\"allowRollback\" must be true or false"),
                api("a path that is not a string", "{\"path\": 42}", 400, "\"path\" must be a string"),
                api("a relative path", "{\"path\": \"models/acme\"}", 400, "(an absolute path on its server)"),
                api("a folder with a ref", "{\"path\": \"" + folder + "\", \"ref\": \"main\"}", 400,
                        "\"ref\" goes with \"repoUrl\""),
                api("a repoUrl with credentials", "{\"repoUrl\": \"https://bot:s3cret@github.com/acme/x.git\", "
                        + "\"ref\": \"main\"}", 400, "repoUrl must not carry credentials"),
                api("a plain http repoUrl", "{\"repoUrl\": \"http://github.com/acme/x.git\", \"ref\": \"main\"}", 400,
                        "repoUrl must be an https:// URL"),
                api("a repoUrl on a host that is not configured", "{\"repoUrl\": \"https://evil.example/acme/x.git\", "
                        + "\"ref\": \"main\"}", 400, "is not under one of the configured git hosts"),
                api("a ref like a command-line option", "{\"repoUrl\": \"" + folder.toUri() + "\", \"ref\": "
                        + "\"--upload-pack=touch /tmp/pwned\"}", 400, "\"ref\" must be a commit id or a branch or tag"),
                api("path traversal in the ref", "{\"repoUrl\": \"" + folder.toUri() + "\", \"ref\": "
                        + "\"../../etc/passwd\"}", 400, "\"ref\" must be a commit id or a branch or tag"),
                api("a revision expression as the ref", "{\"repoUrl\": \"" + folder.toUri() + "\", \"ref\": "
                        + "\"main@{1}\"}", 400, "\"ref\" must be a commit id or a branch or tag"),
                api("a sourceRepo that is not a repo", "{\"path\": \"" + folder + "\", \"sourceRepo\": \"../etc\"}", 400,
                        "\"sourceRepo\" must name a repo as the model does"),
                api("an oversized body", "{\"path\": \"" + "x".repeat(2 << 20) + "\"}", 413,
                        "more than the 1048576 a request may have"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void aBadWebhookIsAnsweredAndChangesNothing(Bad bad) throws Exception {
        refusedAndNothingChanged(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deploymentRequests")
    void aBadDeploymentRequestIsRefusedAndChangesNothing(Bad bad) throws Exception {
        refusedAndNothingChanged(bad);
    }

    private void refusedAndNothingChanged(Bad bad) throws Exception {
        State before = state();

        Response answer = bad.send().get();

        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(bad.status());
        if (bad.message() != null) {
            assertThat(answer.jsonPath().getString("error")).contains(bad.message()).doesNotContain("s3cret");
        }
        service.queue().drained().get(60, TimeUnit.SECONDS); // had anything been queued, it would have run by now
        assertThat(state()).isEqualTo(before);
    }

    /** What a request could change: the deployments, the models folder, the current model. */
    record State(String deployments, List<String> models, String current) {
    }

    private State state() throws IOException {
        String deployments = given().header("Authorization", AUTH).get("/deployments?limit=500").asString();
        try (Stream<Path> list = Files.list(config.modelsDir().toAbsolutePath())) {
            List<String> models = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".kafka-streams"))
                    .sorted().toList();
            return new State(deployments, models, given().get("/catalog").asString());
        }
    }
}

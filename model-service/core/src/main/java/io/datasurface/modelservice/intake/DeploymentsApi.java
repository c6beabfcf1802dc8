package io.datasurface.modelservice.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import io.datasurface.modelservice.deploy.DeploymentLog;
import io.datasurface.modelservice.deploy.DeploymentQueue;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.DeploymentResult;
import io.datasurface.modelservice.deploy.RepositoryLocations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /deployments} and {@code GET /deployments}, for operators: both need
 * {@code Authorization: Bearer <webhook secret>}. A deployment request is checked whole before anything is queued
 * (which fields, where from, what ref), so a bad one changes nothing and says what to write instead.
 */
public final class DeploymentsApi {
    static final String SHAPE = "{\"repoUrl\": URL, \"ref\": COMMIT_OR_BRANCH} or {\"path\": DIR}, with optional "
            + "\"sourceRepo\" and \"allowRollback\"";
    private static final Set<String> FIELDS = Set.of("path", "repoUrl", "ref", "sourceRepo", "allowRollback");

    private final Optional<String> secret;
    private final RepositoryLocations locations;
    private final DeploymentQueue queue;
    private final DeploymentLog log;
    private final BodyLimit limit;

    public DeploymentsApi(Optional<String> secret, RepositoryLocations locations, DeploymentQueue queue,
                          DeploymentLog log, BodyLimit limit) {
        this.secret = secret;
        this.locations = locations;
        this.queue = queue;
        this.log = log;
        this.limit = limit;
    }

    /** {@code POST /deployments[?wait=true]}. */
    public Answer deploy(String authorization, boolean wait, byte[] body) throws InterruptedException {
        Optional<Answer> refused = unauthorized(authorization).or(() -> limit.refuse(body == null ? 0 : body.length));
        if (refused.isPresent()) {
            return refused.get();
        }
        DeploymentRequest request;
        try {
            request = request(body);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        DeploymentQueue.Admission admission = queue.offer(request, null);
        Optional<CompletableFuture<DeploymentResult>> result = Admissions.future(admission);
        if (!wait || result.isEmpty()) {
            return Admissions.answer(admission, request, "try again");
        }
        try {
            return Answer.json(200, result.get().get());
        } catch (ExecutionException e) {
            return Answer.error(500, "the deployment failed unexpectedly: " + e.getCause().getMessage()
                    + "; the model-service's log has the details");
        }
    }

    /** {@code GET /deployments?limit=N}: the newest first, 1 to 500 (20 unless asked). */
    public Answer recent(String authorization, int limit) {
        return unauthorized(authorization).orElseGet(() -> Answer.json(200, log.recent(Math.max(1, Math.min(limit,
                500)))));
    }

    /** Empty when {@code authorization} is the bearer token; else the 401 to answer. */
    public Optional<Answer> unauthorized(String authorization) {
        if (secret.isEmpty() || authorization == null || !MessageDigest.isEqual(("Bearer " + secret.get())
                .getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Answer.error(401, "missing or wrong 'Authorization: Bearer <webhook secret>'"));
        }
        return Optional.empty();
    }

    /**
     * The deployment a body asks for.
     *
     * @throws IllegalArgumentException saying what is wrong with it and what it should be
     */
    DeploymentRequest request(byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON: " + SHAPE);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object: " + SHAPE);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\"; the body is " + SHAPE);
            }
        }
        String path = text(json, "path");
        String repoUrl = text(json, "repoUrl");
        String ref = text(json, "ref");
        String sourceRepo = text(json, "sourceRepo");
        JsonNode rollback = json.get("allowRollback");
        if (rollback != null && !rollback.isBoolean()) {
            throw new IllegalArgumentException("\"allowRollback\" must be true or false");
        }
        if (path != null && repoUrl != null || path == null && repoUrl == null) {
            throw new IllegalArgumentException("a deployment needs a git URL or a local path, not both: " + SHAPE);
        }
        if (path != null) {
            if (ref != null) {
                throw new IllegalArgumentException("\"ref\" goes with \"repoUrl\"; a folder is deployed as it is");
            }
            Path folder = locations.checkedLocalPath(path);
            if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("path " + path + " is not a folder the model-service can read "
                        + "(an absolute path on its server)");
            }
        } else {
            repoUrl = locations.checkedRepoUrl(repoUrl);
            if (ref == null) {
                throw new IllegalArgumentException("a deployment from git needs a commit or branch: \"ref\"");
            }
            Refs.check(ref);
        }
        if (sourceRepo != null) {
            Refs.checkSourceRepo(sourceRepo);
        }
        return new DeploymentRequest(ref, sourceRepo, repoUrl, path, rollback != null && rollback.booleanValue());
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }
}

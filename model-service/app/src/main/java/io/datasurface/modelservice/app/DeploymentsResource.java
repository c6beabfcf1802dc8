package io.datasurface.modelservice.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.DeploymentResult;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * {@code POST /deployments}: deploy a local model folder ({@code {"path": …}}) or a repository
 * ({@code {"repoUrl": …, "ref": …}}), optionally naming {@code sourceRepo} and allowing a rollback
 * ({@code "allowRollback": true}: deploy it even when it does not build on the deployed commit, or was deployed
 * before); {@code ?wait=true} answers
 * when the deployment is done. Needs {@code Authorization: Bearer <webhook secret>}.
 * {@code GET /deployments}: the recent deployments with their problems.
 */
@Path("/deployments")
public class DeploymentsResource {
    private final ModelService service;

    DeploymentsResource(ModelService service) {
        this.service = service;
    }

    @POST
    public Response deploy(@HeaderParam("Authorization") String authorization,
                           @QueryParam("wait") @DefaultValue("false") boolean wait, byte[] body)
            throws InterruptedException {
        String secret = service.config().webhookSecret().orElse(null);
        if (secret == null || authorization == null || !MessageDigest.isEqual(
                ("Bearer " + secret).getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))) {
            return Responses.error(401, "missing or wrong 'Authorization: Bearer <webhook secret>'");
        }
        DeploymentRequest request;
        try {
            JsonNode json = Json.mapper().readTree(body);
            String path = text(json, "path");
            String repoUrl = text(json, "repoUrl");
            String sourceRepo = text(json, "sourceRepo");
            if (path != null && !Files.isDirectory(service.locations().checkedLocalPath(path))) {
                return Responses.error(400, "path " + path + " is not a folder the model-service can read");
            }
            if (repoUrl != null) {
                repoUrl = service.locations().checkedRepoUrl(repoUrl);
            }
            JsonNode rollback = json == null ? null : json.get("allowRollback");
            if (rollback != null && !rollback.isBoolean()) {
                return Responses.error(400, "\"allowRollback\" must be true or false");
            }
            request = new DeploymentRequest(text(json, "ref"), sourceRepo, repoUrl, path,
                    rollback != null && rollback.booleanValue());
        } catch (java.io.IOException | RuntimeException e) {
            return Responses.error(400, "the body must be JSON: {\"path\": DIR} or {\"repoUrl\": URL, \"ref\": "
                    + "COMMIT_OR_BRANCH}, with an optional \"sourceRepo\"" + (e instanceof IllegalArgumentException
                    ? ": " + e.getMessage() : ""));
        }
        Future<DeploymentResult> result = service.submit(request);
        if (!wait) {
            return Responses.json(202, java.util.Map.of("status", "queued", "source", request.source()));
        }
        try {
            return Responses.json(200, result.get());
        } catch (ExecutionException e) {
            return Responses.error(500, "the deployment failed: " + e.getCause().getMessage());
        }
    }

    @GET
    public Response recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        return Responses.json(200, service.log().recent(Math.max(1, Math.min(limit, 500))));
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json == null ? null : json.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }
}

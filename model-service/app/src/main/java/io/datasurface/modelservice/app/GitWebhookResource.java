package io.datasurface.modelservice.app;

import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.PushEvent;
import io.datasurface.modelservice.deploy.WebhookSignature;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /webhooks/git}: GitHub and GitLab push events. 401 without the right signature, 400 for
 * a body that is not a push event, 204 for other events and other branches, 202 when a deployment is
 * queued (it runs after the answer).
 */
@Path("/webhooks/git")
public class GitWebhookResource {
    private final ModelService service;

    GitWebhookResource(ModelService service) {
        this.service = service;
    }

    @POST
    public Response push(@Context HttpHeaders headers, byte[] body) {
        boolean gitlab = headers.getHeaderString("X-Gitlab-Event") != null;
        String secret = WebhookSignature.secretFor(service.config().repoSecrets(), service.config().webhookSecret(),
                gitlab ? "gitlab" : "github", body == null ? new byte[0] : body);
        boolean signed = gitlab ? WebhookSignature.gitLabValid(secret, headers.getHeaderString("X-Gitlab-Token"))
                : WebhookSignature.gitHubValid(secret, body == null ? new byte[0] : body,
                headers.getHeaderString("X-Hub-Signature-256"));
        if (!signed) {
            return Responses.error(401, gitlab ? "missing or wrong X-Gitlab-Token"
                    : "missing or wrong X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook secret)");
        }
        String event = gitlab ? headers.getHeaderString("X-Gitlab-Event") : headers.getHeaderString("X-GitHub-Event");
        if (event != null && !event.equals(gitlab ? "Push Hook" : "push")) {
            return Response.noContent().build(); // ping and other events: nothing to deploy
        }
        PushEvent push;
        try {
            push = PushEvent.parse(gitlab ? "gitlab" : "github", body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            return Responses.error(400, e.getMessage());
        }
        if (push.deleted() || !push.isBranch() || !push.branch().equals(service.config().branch())) {
            return Response.noContent().build();
        }
        String url;
        try {
            url = service.locations().cloneUrl(push.cloneUrl(), push.repository());
        } catch (IllegalArgumentException e) {
            return Responses.error(400, e.getMessage());
        }
        service.submit(new DeploymentRequest(push.commit(), push.sourceRepo(), url, null));
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("commit", push.commit());
        accepted.put("sourceRepo", push.sourceRepo());
        accepted.put("status", "queued");
        return Responses.json(202, accepted);
    }
}

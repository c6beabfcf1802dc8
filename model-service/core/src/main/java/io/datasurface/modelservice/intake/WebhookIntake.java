package io.datasurface.modelservice.intake;

import io.datasurface.modelservice.deploy.DeploymentQueue;
import io.datasurface.modelservice.deploy.DeploymentRequest;
import io.datasurface.modelservice.deploy.PushEvent;
import io.datasurface.modelservice.deploy.RepositoryLocations;
import io.datasurface.modelservice.deploy.WebhookSignature;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code POST /webhooks/git}: GitHub and GitLab push events. 401 without the right signature; 204 for other
 * events, tag pushes, other branches and branch deletions; 400 for a body that is not a sound push event (what
 * is wrong, what to do); 202 when a deployment is queued; 200 for a delivery seen before whose deployment has
 * ended; 503 with {@code Retry-After} when the queue is full. Nothing is fetched before the answer.
 */
public final class WebhookIntake {
    /**
     * @param sharedSecret the webhook secret
     * @param repoSecrets  a secret per repository ({@code full_name}); when any, the shared one signs no webhook
     * @param branch       pushes to this branch deploy
     */
    public record Settings(Optional<String> sharedSecret, Map<String, String> repoSecrets, String branch) {
        @Override
        public String toString() {
            return "WebhookIntake.Settings[branch " + branch + "]"; // never a secret
        }
    }

    private final Settings settings;
    private final RepositoryLocations locations;
    private final DeploymentQueue queue;

    public WebhookIntake(Settings settings, RepositoryLocations locations, DeploymentQueue queue) {
        this.settings = settings;
        this.locations = locations;
        this.queue = queue;
    }

    /**
     * @param header a request header by name (any case), null when absent
     * @param body   the body as it came (what the signature covers)
     */
    public Answer handle(UnaryOperator<String> header, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        boolean gitlab = header.apply("X-Gitlab-Event") != null;
        String provider = gitlab ? "gitlab" : "github";
        String secret = WebhookSignature.secretFor(settings.repoSecrets(), settings.sharedSecret(), provider, b);
        boolean signed = gitlab ? WebhookSignature.gitLabValid(secret, header.apply("X-Gitlab-Token"))
                : WebhookSignature.gitHubValid(secret, b, header.apply("X-Hub-Signature-256"));
        if (!signed) {
            return Answer.error(401, gitlab ? "missing or wrong X-Gitlab-Token"
                    : "missing or wrong X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook secret)");
        }
        String event = gitlab ? header.apply("X-Gitlab-Event") : header.apply("X-GitHub-Event");
        if (event != null && !event.equals(gitlab ? "Push Hook" : "push")) {
            return Answer.noContent(); // ping and other events: nothing to deploy
        }
        PushEvent push;
        try {
            push = PushEvent.parse(provider, b);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        if (push.deleted() || !push.isBranch() || !push.branch().equals(settings.branch())) {
            return Answer.noContent();
        }
        DeploymentRequest request;
        try {
            request = new DeploymentRequest(push.commit(), push.sourceRepo(),
                    locations.cloneUrl(push.cloneUrl(), push.repository()), null);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        String delivery = gitlab ? null : header.apply("X-GitHub-Delivery");
        return Admissions.answer(queue.offer(request, delivery), request, "redeliver the push (GitHub: Recent "
                + "Deliveries, Redeliver)");
    }
}

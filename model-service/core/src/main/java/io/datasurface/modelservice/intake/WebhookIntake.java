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
 * {@code POST /webhooks/git}: GitHub and GitLab push events. 413 for a body over the limit; 401 without the
 * right signature; 204 for other events, tag pushes, other branches and branch deletions; 415 for a push that is
 * not {@code application/json}; 400 for a body that is not a sound push event (what is wrong, what to do); 202
 * when a deployment is queued; 200 for a delivery seen before whose deployment has
 * ended; 503 with {@code Retry-After} when the queue is full. Nothing is fetched before the answer.
 */
public final class WebhookIntake {
    private static final java.util.regex.Pattern DELIVERY = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,100}");

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
    private final BodyLimit limit;

    public WebhookIntake(Settings settings, RepositoryLocations locations, DeploymentQueue queue, BodyLimit limit) {
        this.settings = settings;
        this.locations = locations;
        this.queue = queue;
        this.limit = limit;
    }

    /**
     * @param header a request header by name (any case), null when absent
     * @param body   the body as it came (what the signature covers)
     */
    public Answer handle(UnaryOperator<String> header, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        Optional<Answer> tooLarge = limit.refuse(b.length);
        if (tooLarge.isPresent()) {
            return tooLarge.get();
        }
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
        if (!isJson(header.apply("Content-Type"))) {
            return Answer.error(415, "a push event must come as Content-Type: application/json (GitHub: the webhook's "
                    + "Content type setting), not " + (header.apply("Content-Type") == null ? "without one"
                    : header.apply("Content-Type")));
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
        if (delivery != null && !DELIVERY.matcher(delivery).matches()) {
            return Answer.error(400, "X-GitHub-Delivery must be an id of letters, digits and '-' (GitHub sends a GUID)");
        }
        return Admissions.answer(queue.offer(request, delivery), request, "redeliver the push (GitHub: Recent "
                + "Deliveries, Redeliver)");
    }

    /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
    static boolean isJson(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT)
                .matches("application/json\\s*(;.*)?");
    }
}

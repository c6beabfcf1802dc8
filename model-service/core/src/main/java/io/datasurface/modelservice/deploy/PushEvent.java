package io.datasurface.modelservice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.json.Json;
import java.util.Optional;

/**
 * A git push as the webhook of GitHub or GitLab describes it: the repository (its full name and a URL
 * to fetch from), the branch (null for a tag push), and the commit it now points at. {@code deleted}
 * pushes remove a branch.
 */
public record PushEvent(String provider, String repository, String cloneUrl, String branch, String commit,
                        boolean deleted) {
    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";

    /** Whether the push moved a branch (not a tag). */
    public boolean isBranch() {
        return branch != null;
    }

    /** The model's spelling of the pushing repo: {@code github:acme/crm-model@main}. */
    public String sourceRepo() {
        return provider + ":" + repository + "@" + branch;
    }

    /**
     * @param provider {@code github} or {@code gitlab}
     * @throws IllegalArgumentException when the body is not a push event of that provider (says what is missing)
     */
    public static PushEvent parse(String provider, byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String ref = text(root, "ref").orElseThrow(() -> missing("ref"));
        if (!ref.startsWith(HEADS) && !ref.startsWith(TAGS)) {
            throw new IllegalArgumentException("ref '" + ref + "' is not a branch (refs/heads/...) or a tag");
        }
        String branch = ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : null;
        if ("gitlab".equals(provider)) {
            JsonNode project = root.path("project");
            String repo = text(project, "path_with_namespace").orElseThrow(() -> missing("project.path_with_namespace"));
            String url = text(project, "git_http_url").or(() -> text(project, "http_url"))
                    .orElseThrow(() -> missing("project.git_http_url"));
            String commit = text(root, "checkout_sha").or(() -> text(root, "after")).orElse(null);
            boolean deleted = commit == null || commit.matches("0+");
            return new PushEvent(provider, repo, url, branch, deleted ? null : commitId(commit, "checkout_sha"),
                    deleted);
        }
        JsonNode repository = root.path("repository");
        String repo = text(repository, "full_name").orElseThrow(() -> missing("repository.full_name"));
        String url = text(repository, "clone_url").orElseThrow(() -> missing("repository.clone_url"));
        String commit = text(root, "after").orElseThrow(() -> missing("after"));
        boolean deleted = root.path("deleted").asBoolean(false) || commit.matches("0+");
        return new PushEvent(provider, repo, url, branch, deleted ? null : commitId(commit, "after"), deleted);
    }

    /** A push names the commit it deploys by its full id, never by a branch or an expression. */
    private static String commitId(String commit, String field) {
        if (!GitFetcher.COMMIT_ID.matcher(commit).matches()) {
            throw new IllegalArgumentException("the push event's " + field + " is not a full commit id (40 or 64 "
                    + "lower-case hex digits)");
        }
        return commit;
    }

    /** The repository a body claims to come from, if it can be read at all (to pick that repo's secret). */
    public static Optional<String> claimedRepository(String provider, byte[] body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            return root == null ? Optional.empty() : "gitlab".equals(provider)
                    ? text(root.path("project"), "path_with_namespace") : text(root.path("repository"), "full_name");
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("the push event has no " + field);
    }
}

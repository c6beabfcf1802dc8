package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Push events as GitHub and GitLab send them, and bodies the webhook must refuse with a reason. */
class PushEventTest {
    private static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    private static final String ZEROS = "0000000000000000000000000000000000000000";

    /** Trimmed from a real GitHub push delivery: the fields we read, among plenty we don't. */
    private static String gitHub(String ref, String after, boolean deleted) {
        return """
                {
                  "ref": "%s",
                  "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
                  "after": "%s",
                  "created": false,
                  "deleted": %s,
                  "forced": false,
                  "base_ref": null,
                  "compare": "https://github.com/acme/x/compare/9049f1265b7d...6113728f27ae",
                  "commits": [{"id": "%s", "message": "add a workspace", "distinct": true,
                               "added": ["zones/retail/teams/analytics/ws.yaml"], "removed": [], "modified": []}],
                  "head_commit": {"id": "%s", "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433"},
                  "repository": {
                    "id": 186853002,
                    "name": "x",
                    "full_name": "acme/x",
                    "private": true,
                    "owner": {"name": "acme", "login": "acme"},
                    "html_url": "https://github.com/acme/x",
                    "clone_url": "https://github.com/acme/x.git",
                    "ssh_url": "git@github.com:acme/x.git",
                    "default_branch": "main"
                  },
                  "pusher": {"name": "octocat", "email": "octocat@example.com"},
                  "sender": {"login": "octocat", "id": 21031067}
                }
                """.formatted(ref, after, deleted, after, after);
    }

    /** Trimmed from a real GitLab "Push Hook" delivery. */
    private static String gitLab(String ref, String after, String checkoutSha) {
        return """
                {
                  "object_kind": "push",
                  "event_name": "push",
                  "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
                  "after": "%s",
                  "ref": "%s",
                  "ref_protected": true,
                  "checkout_sha": %s,
                  "user_username": "jsmith",
                  "project_id": 15,
                  "project": {
                    "id": 15,
                    "name": "x",
                    "web_url": "https://gitlab.example.com/group/x",
                    "git_ssh_url": "git@gitlab.example.com:group/x.git",
                    "git_http_url": "https://gitlab.example.com/group/x.git",
                    "namespace": "group",
                    "path_with_namespace": "group/x",
                    "default_branch": "main"
                  },
                  "commits": [],
                  "total_commits_count": 1,
                  "repository": {"name": "x", "url": "git@gitlab.example.com:group/x.git"}
                }
                """.formatted(after, ref, checkoutSha == null ? "null" : "\"" + checkoutSha + "\"");
    }

    private static PushEvent parse(String provider, String body) {
        return PushEvent.parse(provider, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGitHubPushNamesTheRepoBranchAndCommit() {
        PushEvent push = parse("github", gitHub("refs/heads/main", SHA, false));

        assertThat(push.sourceRepo()).isEqualTo("github:acme/x@main");
        assertThat(push.repository()).isEqualTo("acme/x");
        assertThat(push.cloneUrl()).isEqualTo("https://github.com/acme/x.git");
        assertThat(push.branch()).isEqualTo("main");
        assertThat(push.commit()).isEqualTo(SHA);
        assertThat(push.deleted()).isFalse();
    }

    @Test
    void aBranchNameWithSlashesIsKeptWhole() {
        PushEvent push = parse("github", gitHub("refs/heads/feature/new-ws", SHA, false));

        assertThat(push.branch()).isEqualTo("feature/new-ws");
        assertThat(push.sourceRepo()).isEqualTo("github:acme/x@feature/new-ws");
    }

    @Test
    void aGitLabPushNamesTheProjectBranchAndCheckoutCommit() {
        PushEvent push = parse("gitlab", gitLab("refs/heads/main", SHA, SHA));

        assertThat(push.sourceRepo()).isEqualTo("gitlab:group/x@main");
        assertThat(push.cloneUrl()).isEqualTo("https://gitlab.example.com/group/x.git");
        assertThat(push.branch()).isEqualTo("main");
        assertThat(push.commit()).isEqualTo(SHA);
        assertThat(push.deleted()).isFalse();
    }

    @Test
    void aGitHubBranchDeletionIsDeletedAndHasNoCommit() {
        PushEvent push = parse("github", gitHub("refs/heads/main", ZEROS, true));

        assertThat(push.deleted()).isTrue();
        assertThat(push.commit()).isNull();
        assertThat(push.sourceRepo()).isEqualTo("github:acme/x@main");
    }

    @Test
    void aGitHubPushToTheZeroCommitIsADeletionEvenWithoutTheDeletedFlag() {
        assertThat(parse("github", gitHub("refs/heads/main", ZEROS, false)).deleted()).isTrue();
    }

    @Test
    void aGitHubPushFlaggedDeletedIsADeletion() {
        assertThat(parse("github", gitHub("refs/heads/main", SHA, true)).deleted()).isTrue();
    }

    @Test
    void aGitLabBranchDeletionIsDeleted() {
        // GitLab: after is all zeros and checkout_sha is null
        PushEvent push = parse("gitlab", gitLab("refs/heads/main", ZEROS, null));

        assertThat(push.deleted()).isTrue();
        assertThat(push.commit()).isNull();
    }

    @Test
    void aTagPushIsAPushOfNoBranch() {
        assertThat(parse("github", gitHub("refs/tags/v1.0", SHA, false)).isBranch()).isFalse();
        assertThat(parse("gitlab", gitLab("refs/tags/v1.0", SHA, SHA)).isBranch()).isFalse();
        assertThat(parse("github", gitHub("refs/heads/main", SHA, false)).isBranch()).isTrue();
        assertThatThrownBy(() -> parse("github", gitHub("refs/notes/x", SHA, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refs/notes/x");
    }

    @ParameterizedTest(name = "GitHub without {0}")
    @CsvSource({
        "ref,                    '\"ref\": \"refs/heads/main\",', ''",
        "after,                  '\"after\": \"" + SHA + "\",', ''",
        "repository.full_name,   '\"full_name\": \"acme/x\",', ''",
        "repository.clone_url,   '\"clone_url\": \"https://github.com/acme/x.git\",', ''",
        "repository.full_name,   '\"full_name\": \"acme/x\"', '\"full_name\": \"  \"'",
    })
    void aGitHubBodyWithoutAFieldIsRefusedNamingIt(String field, String remove, String insteadOf) {
        String body = gitHub("refs/heads/main", SHA, false);
        assertThat(body).contains(remove);
        String broken = body.replace(remove, insteadOf);

        assertThatThrownBy(() -> parse("github", broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push event has no " + field);
    }

    @ParameterizedTest(name = "GitLab without {0}")
    @CsvSource({
        "ref,                          '\"ref\": \"refs/heads/main\",'",
        "project.path_with_namespace,  '\"path_with_namespace\": \"group/x\",'",
        "project.git_http_url,         '\"git_http_url\": \"https://gitlab.example.com/group/x.git\",'",
    })
    void aGitLabBodyWithoutAFieldIsRefusedNamingIt(String field, String remove) {
        String body = gitLab("refs/heads/main", SHA, SHA);
        assertThat(body).contains(remove);
        String broken = body.replace(remove, "");

        assertThatThrownBy(() -> parse("gitlab", broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push event has no " + field);
    }

    @Test
    void aGitHubBodyForGitLabIsRefusedNamingTheMissingProject() {
        assertThatThrownBy(() -> parse("gitlab", gitHub("refs/heads/main", SHA, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push event has no project.path_with_namespace");
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> parse("github", "{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the body is not JSON");
        assertThatThrownBy(() -> parse("github", "payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the body is not JSON");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> parse("github", "[1, 2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> parse("github", "\"refs/heads/main\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> parse("github", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the body is not");
    }

    @ParameterizedTest(name = "after = {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"main", "HEAD~1", "6113728", "--upload-pack=x",
        "6113728F27AE82C7B1A177C8D03F9E96E0ADF246", "6113728f27ae82c7b1a177c8d03f9e96e0adf246^{tree}"})
    void aPushNamesItsCommitByItsFullIdNeverByARefOrExpression(String after) {
        assertThatThrownBy(() -> parse("github", gitHub("refs/heads/main", after, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push event's after is not a full commit id (40 or 64 lower-case hex digits)");
        assertThatThrownBy(() -> parse("gitlab", gitLab("refs/heads/main", after, after)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push event's checkout_sha is not a full commit id (40 or 64 lower-case hex digits)");
    }
}

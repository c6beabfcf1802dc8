package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching one commit of a real local git repository, and failures that keep credentials out of messages. */
class GitFetcherTest {
    private static final String ZONE = "zones/retail/zone.yaml";
    private static final String WS = "zones/retail/teams/analytics/reporting.yaml";

    @TempDir
    Path tmp;

    private Path repoDir;
    private Git git;
    private String first;
    private String second;

    @BeforeEach
    void twoCommitsOnMain() throws Exception {
        repoDir = tmp.resolve("repo");
        MvpCopy.into(repoDir);
        git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
        first = commit("the mvp example");
        Files.writeString(repoDir.resolve(WS), "kind: Workspace\nname: reporting\n");
        Files.writeString(repoDir.resolve(ZONE), Files.readString(repoDir.resolve(ZONE)) + "# second commit\n");
        second = commit("a workspace");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call(); // deletions
        return git.commit().setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call().getName();
    }

    static final Duration SECONDS_30 = Duration.ofSeconds(30);
    static final Duration MINUTE = Duration.ofMinutes(1);

    private static GitFetcher fetcher() {
        return new GitFetcher(GitFetcher.Settings.anonymous(SECONDS_30, MINUTE));
    }

    private String url() {
        return repoDir.toUri().toString();
    }

    private Path empty(String name) throws IOException {
        return Files.createDirectory(tmp.resolve(name));
    }

    private static boolean anyGitFolder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(p -> p.getFileName().toString().equals(".git"));
        }
    }

    @Test
    @DisplayName("regression: a commit other than the default branch's head failed with 'Checkout conflict'")
    void aCommitIdGivesThatCommitsFilesWithoutGit() throws Exception {
        Path into = empty("into");

        String got = fetcher().fetch(url(), first, into);

        assertThat(got).isEqualTo(first);
        assertThat(into.resolve(ZONE)).hasSameTextualContentAs(MvpCopy.MVP.resolve(ZONE));
        assertThat(into.resolve(WS)).doesNotExist();
        assertThat(into.resolve("ecosystem.yaml")).isRegularFile();
        assertThat(anyGitFolder(into)).isFalse();
    }

    @Test
    void aBranchNameGivesItsNewestCommit() throws Exception {
        Path into = empty("into");

        String got = fetcher().fetch(url(), "main", into);

        assertThat(got).isEqualTo(second);
        assertThat(into.resolve(WS)).hasContent("kind: Workspace\nname: reporting");
        assertThat(Files.readString(into.resolve(ZONE))).endsWith("# second commit\n");
        assertThat(anyGitFolder(into)).isFalse();
    }

    @Test
    void anotherBranchGivesItsOwnCommit() throws Exception {
        git.branchCreate().setName("feature/old").setStartPoint(first).call();
        Path into = empty("into");

        assertThat(fetcher().fetch(url(), "feature/old", into)).isEqualTo(first);
        assertThat(into.resolve(ZONE)).hasSameTextualContentAs(MvpCopy.MVP.resolve(ZONE));
        assertThat(into.resolve(WS)).doesNotExist();
    }

    @Test
    @DisplayName("regression: an annotated tag gave the tag object's id as the commit")
    void aTagGivesTheCommitItNamesAnnotatedOrNot() throws Exception {
        var commit = git.getRepository().parseCommit(git.getRepository().resolve(first));
        git.tag().setName("v1").setObjectId(commit).setAnnotated(false).call();
        git.tag().setName("v1-annotated").setObjectId(commit).setMessage("release 1").setAnnotated(true)
                .setTagger(new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.com")).call();

        assertThat(fetcher().fetch(url(), "v1", empty("light"))).isEqualTo(first);
        assertThat(tmp.resolve("light").resolve(WS)).doesNotExist();
        // the commit's id, not the id of the tag object
        assertThat(fetcher().fetch(url(), "v1-annotated", empty("annotated"))).isEqualTo(first);
        assertThat(tmp.resolve("annotated").resolve(ZONE)).hasSameTextualContentAs(MvpCopy.MVP.resolve(ZONE));
    }

    @Test
    @DisplayName("regression: a push fetched after later pushes had arrived failed with 'Checkout conflict'")
    void anOlderCommitIsFetchedAfterNewerOnesArrived() throws Exception {
        // pushes are deployed one after another: by the time a push is fetched, later ones may be on the branch
        Files.writeString(repoDir.resolve(ZONE), Files.readString(repoDir.resolve(ZONE)) + "# third commit\n");
        Files.delete(repoDir.resolve("README.md"));
        String third = commit("a third");
        Path into = empty("into");

        assertThat(fetcher().fetch(url(), second, into)).isEqualTo(second);
        assertThat(Files.readString(into.resolve(ZONE))).endsWith("# second commit\n");
        assertThat(into.resolve("README.md")).isRegularFile();
        assertThat(fetcher().fetch(url(), third, empty("third"))).isEqualTo(third);
        assertThat(tmp.resolve("third/README.md")).doesNotExist();
    }

    @Test
    void aCommitThatDoesNotBuildOnTheDeployedOneIsRefused() throws Exception {
        assertThat(fetcher().fetch(url(), second, empty("newer"), first)).isEqualTo(second);
        RollbackRefused e = catchThrowableOfType(RollbackRefused.class,
                () -> fetcher().fetch(url(), first, empty("older"), second));

        assertThat(e).isNotNull();
        assertThat(e.commit()).isEqualTo(first);
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("does not build on the deployed commit " + second)
                .contains("\"allowRollback\": true");
        assertThat(anyGitFolder(tmp.resolve("older"))).isFalse();
    }

    @Test
    @DisplayName("regression: a force-push of main back to an older commit was deployed, since a fresh clone no "
            + "longer holds the deployed commit and the check was skipped")
    void aForcePushBackToAnOlderCommitIsRefusedThoughTheCloneLacksTheDeployedCommit() throws Exception {
        // second is deployed; main is then reset to first and a new commit pushed over it: second is unreachable
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(first).call();
        Files.writeString(repoDir.resolve(ZONE), Files.readString(repoDir.resolve(ZONE)) + "# rewritten\n");
        String rewritten = commit("history rewritten");
        Path probe = empty("probe");
        assertThat(fetcher().fetch(url(), "main", probe)).isEqualTo(rewritten);

        RollbackRefused e = catchThrowableOfType(RollbackRefused.class,
                () -> fetcher().fetch(url(), "main", empty("into"), second));

        assertThat(e).isNotNull();
        assertThat(e.commit()).isEqualTo(rewritten);
        assertThat(e.getMessage()).contains("does not build on the deployed commit " + second)
                .contains("no longer holds that commit").contains("force-pushed");
        assertThat(tmp.resolve("into").resolve(ZONE)).doesNotExist();
    }

    @Test
    void withoutADeployedCommitOrWithAFolderDigestAsOneThereIsNoHistoryToCheck() throws Exception {
        // a rollback an operator allowed passes null; a model deployed from a folder has a digest, not a commit
        assertThat(fetcher().fetch(url(), first, empty("allowed"), null)).isEqualTo(first);
        assertThat(fetcher().fetch(url(), first, empty("after-folder"),
                "local-0123456789abcdef0123456789abcdef01234567")).isEqualTo(first);
    }

    @Test
    void anAbbreviatedCommitIdIsResolvedToTheFullOne() throws Exception {
        assertThat(fetcher().fetch(url(), first.substring(0, 10), empty("into"))).isEqualTo(first);
    }

    @Test
    void anUnknownRefIsAFaultThatRetryingDoesNotFix() throws Exception {
        Path into = empty("into");

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> fetcher().fetch(url(), "no-such-branch", into));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("no-such-branch").contains(url());
        assertThat(e.retriable()).isFalse();
        assertThat(anyGitFolder(into)).isFalse();
    }

    @Test
    void aRefThatIsNotARevisionIsAFaultThatRetryingDoesNotFix() throws Exception {
        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> fetcher().fetch(url(), "main@{", empty("into")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("main@{");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void anUnknownCommitIdIsAFault() throws Exception {
        String unknown = "0123456789abcdef0123456789abcdef01234567";

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> fetcher().fetch(url(), unknown, empty("into")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(unknown);
    }

    @Test
    void anUnreachableRepositoryIsARetriableFaultWhoseMessageHasNoPassword() throws Exception {
        String url = "https://user:s3cret@127.0.0.1:1/x.git";

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> new GitFetcher(new GitFetcher.Settings("token-never-shown", "127.0.0.1:1", SECONDS_30, MINUTE)).fetch(url, "main", empty("into")));

        assertThat(e).isNotNull();
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains("127.0.0.1:1/x.git").doesNotContain("s3cret")
                .doesNotContain("token-never-shown");
        // nor does any cause, should a log line print the stack trace
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
        }
    }

    @Test
    void aRepositoryThatDoesNotExistIsAFaultNamingIt() throws Exception {
        String missing = tmp.resolve("no-repo-here").toUri().toString();

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> fetcher().fetch(missing, "main", empty("into")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("no-repo-here");
    }
}

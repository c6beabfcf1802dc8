package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a model may be fetched from: configured git hosts, and the server's own folders only when allowed. */
class RepositoryLocationsTest {
    private static final RepositoryLocations DEFAULT = new RepositoryLocations(Map.of(), false);
    private static final RepositoryLocations ENTERPRISE = new RepositoryLocations(
            Map.of("ghe.acme.com", "https://ghe.acme.com/git"), false);

    @Test
    @DisplayName("regression: the webhook fetched whatever clone_url the body named")
    void aPushIsFetchedFromTheConfiguredBaseOfItsHostNotFromTheUrlItGives() {
        assertThat(DEFAULT.cloneUrl("https://github.com/acme/x.git", "acme/x")).isEqualTo("https://github.com/acme/x.git");
        // the body's URL only picks the host: its path, port-less spelling or scheme are not used
        assertThat(DEFAULT.cloneUrl("http://GitHub.com/somewhere/else.git", "acme/x"))
                .isEqualTo("https://github.com/acme/x.git");
        assertThat(ENTERPRISE.cloneUrl("https://ghe.acme.com/acme/x.git", "acme/x"))
                .isEqualTo("https://ghe.acme.com/git/acme/x.git");
    }

    @Test
    void aPushFromAHostNotConfiguredIsRefusedSayingWhatToConfigure() {
        assertThatThrownBy(() -> DEFAULT.cloneUrl("https://evil.example/acme/x.git", "acme/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the push comes from git host 'evil.example', which is not one of the configured git hosts "
                        + "[github.com]; add it as datasurface.model-service.git-hosts.\"evil.example\"="
                        + "https://evil.example/");
        assertThatThrownBy(() -> DEFAULT.cloneUrl("https://github.com:8443/acme/x.git", "acme/x"))
                .hasMessageContaining("'github.com:8443'");
        assertThatThrownBy(() -> DEFAULT.cloneUrl("file:///srv/repos/acme/x.git", "acme/x"))
                .hasMessageContaining("names no host");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acme", "acme/../../etc", "../acme/x", "acme/./x", "acme//x", "acme/x?ref=evil",
        "acme/x#frag", "acme/x y", "acme/%2e%2e", "https://evil.example/x", "/acme/x", "acme/x/"})
    void aRepositoryNameThatIsNotOwnerSlashNameIsRefused(String name) {
        assertThatThrownBy(() -> DEFAULT.cloneUrl("https://github.com/x.git", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository '" + name + "' is not a repository name such as owner/name (letters, digits, "
                        + "'.', '_' and '-' between slashes)");
    }

    @Test
    void gitLabGroupsNestAndDotsInNamesAreFine() {
        RepositoryLocations gitlab = new RepositoryLocations(Map.of("gitlab.example.com", "https://gitlab.example.com/"),
                false);
        assertThat(gitlab.cloneUrl("https://gitlab.example.com/g/s/x.git", "group/sub/my.model_v2-x"))
                .isEqualTo("https://gitlab.example.com/group/sub/my.model_v2-x.git");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://git.acme.com/ | must be an https:// URL",
        "ssh://git@git.acme.com/ | must be an https:// URL",
        "file:///srv/repos/ | must be an https:// URL (a file: URL needs datasurface.model-service.allow-local-repositories=true)",
        "https://bot:s3cret@git.acme.com/ | must not carry credentials",
        "https://git.acme.com/?x=1 | must not carry credentials, a query or a fragment",
    })
    void aBaseThatIsNotHttpsOrCarriesCredentialsIsRefusedAtStart(String base, String message) {
        assertThatThrownBy(() -> new RepositoryLocations(Map.of("git.acme.com", base), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("datasurface.model-service.git-hosts.\"git.acme.com\" " + message)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aFileBaseIsFineWhenLocalRepositoriesAreAllowed() {
        RepositoryLocations local = new RepositoryLocations(Map.of("github.com", "file:///srv/repos"), true);
        assertThat(local.cloneUrl("https://github.com/acme/x.git", "acme/x")).isEqualTo("file:///srv/repos/acme/x.git");
    }

    @Test
    void aRequestedRepoUrlMustBeUnderAConfiguredBase() {
        assertThat(DEFAULT.checkedRepoUrl("https://github.com/acme/x.git")).isEqualTo("https://github.com/acme/x.git");
        assertThat(DEFAULT.checkedRepoUrl("https://github.com/acme/x")).isEqualTo("https://github.com/acme/x");
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("https://github.com.evil.example/acme/x.git"))
                .hasMessageContaining("is not under one of the configured git hosts [https://github.com/]");
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("https://github.com/acme/../../x.git"))
                .hasMessageContaining("is not a repository name");
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("http://github.com/acme/x.git"))
                .hasMessageStartingWith("repoUrl must be an https:// URL");
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("git://github.com/acme/x.git"))
                .hasMessageStartingWith("repoUrl must be an https:// URL");
    }

    @Test
    void aRequestedRepoUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("https://bot:s3cret@github.com/acme/x.git"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("repoUrl must not carry credentials").hasMessageNotContaining("s3cret");
    }

    @Test
    void foldersAndFileUrlsOnTheServerOnlyWhenAllowed() {
        assertThatThrownBy(() -> DEFAULT.checkedLocalPath("/srv/model"))
                .hasMessage("folders on the server are not accepted: deploy from a git repository (repoUrl), or set "
                        + "datasurface.model-service.allow-local-repositories=true on a service only trusted users "
                        + "can reach");
        assertThatThrownBy(() -> DEFAULT.checkedRepoUrl("file:///srv/model.git"))
                .hasMessageStartingWith("file: URLs are not accepted");
        RepositoryLocations local = new RepositoryLocations(Map.of(), true);
        assertThat(local.checkedLocalPath("/srv/model")).isEqualTo(Path.of("/srv/model"));
        assertThat(local.checkedRepoUrl("file:///srv/model.git")).isEqualTo("file:///srv/model.git");
    }
}

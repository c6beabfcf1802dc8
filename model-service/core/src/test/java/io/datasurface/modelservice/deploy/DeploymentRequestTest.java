package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeploymentRequestTest {
    @Test
    void credentialsInAUrlNeverReachTheLog() {
        assertThat(DeploymentRequest.withoutCredentials("https://bot:p@ss@word@github.com/acme/model.git"))
                .isEqualTo("https://****@github.com/acme/model.git");
        assertThat(DeploymentRequest.withoutCredentials("https://token@github.com")).isEqualTo("https://****@github.com");
        assertThat(DeploymentRequest.withoutCredentials("file:///srv/model")).isEqualTo("file:///srv/model");
        assertThat(new DeploymentRequest("abc", null, "https://u:s3cret@h/x.git", null).source())
                .isEqualTo("https://****@h/x.git#abc").doesNotContain("s3cret");
    }

    @Test
    void aRequestNamesOneSource() {
        assertThatThrownBy(() -> new DeploymentRequest("abc", null, "https://h/x.git", "/srv/m"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new DeploymentRequest(null, null, "https://h/x.git", null))
                .hasMessageContaining("commit or branch");
    }

    @Test
    void everyUrlInATextLosesItsCredentials() {
        assertThat(DeploymentRequest.withoutCredentialsIn("cannot fetch main of https://bot:p@ss@github.com/acme/x.git: "
                + "not authorized; tried ssh://git:pw@h:22/x and file:///srv/x"))
                .isEqualTo("cannot fetch main of https://****@github.com/acme/x.git: not authorized; tried "
                        + "ssh://****@h:22/x and file:///srv/x");
        assertThat(DeploymentRequest.withoutCredentialsIn("mail ops@example.com")).isEqualTo("mail ops@example.com");
        assertThat(DeploymentRequest.withoutCredentialsIn(null)).isNull();
    }
}

package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Only whoever holds the webhook secret gets a deployment started. */
class WebhookSignatureTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PUSH = ("{\"ref\": \"refs/heads/main\", \"after\": "
            + "\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\", \"repository\": {\"full_name\": \"acme/x\"}}")
            .getBytes(StandardCharsets.UTF_8);

    /** The HMAC-SHA256 computed here, with javax.crypto and hex formatted by hand. */
    private static String independently(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder("sha256=");
        for (byte b : mac.doFinal(body)) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    @Test
    void theHeaderIsTheOneInGitHubsDocumentation() {
        // docs.github.com, "Validating webhook deliveries": this secret and payload give this signature
        String documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertThat(WebhookSignature.gitHubHeader(SECRET, HELLO)).isEqualTo(documented);
        assertThat(WebhookSignature.gitHubValid(SECRET, HELLO, documented)).isTrue();
    }

    @Test
    void theHeaderMatchesAnHmacComputedIndependently() throws Exception {
        String expected = independently(SECRET, PUSH);

        assertThat(WebhookSignature.gitHubHeader(SECRET, PUSH)).isEqualTo(expected);
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, expected)).isTrue();
    }

    @Test
    void uppercaseHexIsAccepted() throws Exception {
        String hex = independently(SECRET, PUSH).substring("sha256=".length()).toUpperCase(Locale.ROOT);

        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, "sha256=" + hex)).isTrue();
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejected() throws Exception {
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, independently("not the secret", PUSH))).isFalse();
        assertThat(WebhookSignature.gitHubValid("not the secret", PUSH, independently(SECRET, PUSH))).isFalse();
    }

    @Test
    void aChangedBodyIsRejected() throws Exception {
        String signature = independently(SECRET, PUSH);
        byte[] changed = new String(PUSH, StandardCharsets.UTF_8).replace("acme/x", "evil/x")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.gitHubValid(SECRET, changed, signature)).isFalse();
        byte[] extended = (new String(PUSH, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.gitHubValid(SECRET, extended, signature)).isFalse();
    }

    @Test
    void malformedOrMissingHeadersAreRejected() throws Exception {
        String signature = independently(SECRET, PUSH);
        String hex = signature.substring("sha256=".length());

        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, hex)).as("without the sha256= prefix").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, "sha1=" + hex)).as("another algorithm").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, "SHA256=" + hex)).as("a prefix in capitals").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, signature.substring(0, signature.length() - 1)))
                .as("one digit short").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, signature + "0")).as("one digit more").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, "sha256=")).as("no digits").isFalse();
        assertThat(WebhookSignature.gitHubValid(SECRET, PUSH, null)).as("no header").isFalse();
    }

    @Test
    void withoutASecretNothingIsValid() throws Exception {
        // an unconfigured service must not accept a signature made with the empty key
        String emptyKeySignature = "sha256=" + independentlyWithEmptyKey(PUSH);

        assertThat(WebhookSignature.gitHubValid(null, PUSH, emptyKeySignature)).isFalse();
        assertThat(WebhookSignature.gitHubValid("", PUSH, emptyKeySignature)).isFalse();
        assertThat(WebhookSignature.gitLabValid(null, "")).isFalse();
        assertThat(WebhookSignature.gitLabValid("", "")).isFalse();
    }

    @Test
    void gitLabTokenMustBeTheSecretExactly() {
        assertThat(WebhookSignature.gitLabValid(SECRET, SECRET)).isTrue();
        assertThat(WebhookSignature.gitLabValid(SECRET, "It's a secret to everybody")).as("case differs").isFalse();
        assertThat(WebhookSignature.gitLabValid(SECRET, SECRET + " ")).as("trailing space").isFalse();
        assertThat(WebhookSignature.gitLabValid(SECRET, SECRET.substring(1))).as("a prefix of it").isFalse();
        assertThat(WebhookSignature.gitLabValid(SECRET, "")).isFalse();
        assertThat(WebhookSignature.gitLabValid(SECRET, null)).isFalse();
    }

    @Test
    void gitLabTokensWithNonAsciiCharactersCompareByTheirBytes() {
        String secret = "geheim-schlüssel-ß";

        assertThat(WebhookSignature.gitLabValid(secret, "geheim-schlüssel-ß")).isTrue();
        assertThat(WebhookSignature.gitLabValid(secret, "geheim-schlussel-ss")).isFalse();
    }

    /** HMAC with an empty key cannot be made through SecretKeySpec; a one-byte zero key gives the same MAC. */
    private static String independentlyWithEmptyKey(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[] {0}, "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body)) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    @Test
    void withSecretsPerRepositoryAPushIsCheckedWithTheSecretOfTheRepositoryItClaims() {
        byte[] crm = "{\"repository\": {\"full_name\": \"acme/crm-model\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] other = "{\"repository\": {\"full_name\": \"acme/other\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, String> perRepo = java.util.Map.of("acme/crm-model", "crm-secret");
        assertThat(WebhookSignature.secretFor(perRepo, java.util.Optional.of("shared"), "github", crm)).isEqualTo("crm-secret");
        assertThat(WebhookSignature.secretFor(perRepo, java.util.Optional.of("shared"), "github", other)).isNull();
        assertThat(WebhookSignature.secretFor(perRepo, java.util.Optional.of("shared"), "github", "junk".getBytes()))
                .isNull();
        assertThat(WebhookSignature.secretFor(java.util.Map.of(), java.util.Optional.of("shared"), "github", other))
                .isEqualTo("shared");
        // a push signed with the crm team's secret cannot claim another repository
        assertThat(WebhookSignature.gitHubValid(WebhookSignature.secretFor(perRepo, java.util.Optional.empty(), "github",
                other), other, WebhookSignature.gitHubHeader("crm-secret", other))).isFalse();
    }
}

package io.datasurface.modelservice.deploy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks that a webhook came from whoever holds the shared secret. Every comparison takes constant time. */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
    public static boolean gitHubValid(String secret, byte[] body, String header) {
        if (secret == null || secret.isEmpty() || header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** GitLab: {@code X-Gitlab-Token: <the secret itself>}. */
    public static boolean gitLabValid(String secret, String header) {
        if (secret == null || secret.isEmpty() || header == null) {
            return false;
        }
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The secret a push must be signed with: the claimed repository's own secret when secrets are kept per
     * repository (none for a repository not listed), else the shared one; null when none applies.
     */
    public static String secretFor(Map<String, String> perRepository, Optional<String> shared, String provider,
                                   byte[] body) {
        if (perRepository.isEmpty()) {
            return shared.orElse(null);
        }
        return PushEvent.claimedRepository(provider, body).map(perRepository::get).orElse(null);
    }

    /** The header value GitHub would send for this body (for tests and tools). */
    public static String gitHubHeader(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}

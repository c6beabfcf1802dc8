package io.datasurface.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A service's admin token and the check of an {@code Authorization} header against it. Only the token's
 * SHA-256 digest is kept; a header is compared by digest with {@link MessageDigest#isEqual}, so the time a
 * check takes says nothing about how much of a guess was right, nor about the token's length.
 */
public final class AdminToken {
    /** The shortest token accepted: shorter ones are guessable. */
    public static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    /** What a check found. */
    public enum Verdict {
        /** the right token */
        ADMITTED,
        /** no {@code Authorization: Bearer} header */
        MISSING,
        /** a bearer token, not this one */
        WRONG,
        /** the service has no token: nobody is admitted */
        NONE_CONFIGURED
    }

    private static final AdminToken NONE = new AdminToken(null);

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * The token given in configuration: the value, or the content of the file.
     *
     * @throws IllegalArgumentException when both are given, the file cannot be read, or the token is too short
     *                                  (the message never holds the token)
     */
    public static AdminToken of(Optional<String> token, Optional<Path> file) {
        if (token.isPresent() && file.isPresent()) {
            throw new IllegalArgumentException("give the admin token once: datasurface.admin.token or "
                    + "datasurface.admin.token-file, not both");
        }
        if (file.isPresent()) {
            return of(read(file.get()), "the admin token in " + file.get());
        }
        return token.map(t -> of(t, "datasurface.admin.token")).orElse(NONE);
    }

    /** A service without a token: every check is {@link Verdict#NONE_CONFIGURED}. */
    public static AdminToken none() {
        return NONE;
    }

    private static AdminToken of(String token, String what) {
        String t = token.strip();
        if (t.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " has " + t.length() + " characters; an admin token needs "
                    + MIN_LENGTH + " or more (e.g. openssl rand -hex 24)");
        }
        return new AdminToken(sha256(t));
    }

    public boolean configured() {
        return digest != null;
    }

    /** @param authorization the request's {@code Authorization} header; null when it has none */
    public Verdict check(String authorization) {
        if (digest == null) {
            return Verdict.NONE_CONFIGURED;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.MISSING;
        }
        byte[] given = sha256(authorization.substring(BEARER.length()).strip());
        return MessageDigest.isEqual(digest, given) ? Verdict.ADMITTED : Verdict.WRONG;
    }

    public boolean admits(String authorization) {
        return check(authorization) == Verdict.ADMITTED;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the admin token file " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "AdminToken[****]" : "AdminToken[none]";
    }
}

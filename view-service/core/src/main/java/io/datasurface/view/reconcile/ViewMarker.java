package io.datasurface.view.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment the reconciler puts on each view it makes. It says whose the view is (the export), the
 * digest of the SELECT the model asked for, and the digest of the definition as the catalog held it
 * right after; a view is up to date when both still match. A view without a marker is not ours and is
 * never replaced or dropped.
 */
record ViewMarker(String exportKey, ViewKind kind, String modelDigest, String catalogDigest) {
    private static final Pattern FORM = Pattern.compile(
            "DataSurface/J view of (\\S+) \\((live|history)\\)\\. .*\\[model:([0-9a-f]+) catalog:([0-9a-f]+)]");

    static Optional<ViewMarker> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(comment);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ViewMarker(m.group(1), ViewKind.ofLabel(m.group(2)), m.group(3), m.group(4)));
    }

    String comment() {
        return "DataSurface/J view of " + exportKey + " (" + kind.label() + "). Made by the view reconciler, which "
                + "replaces it when the model changes: do not edit. [model:" + modelDigest + " catalog:"
                + catalogDigest + "]";
    }

    /** Whether the export belongs to the platform. */
    boolean ofPlatform(String platform) {
        return exportKey.startsWith(platform + "/");
    }

    static String digest(String select) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(select.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

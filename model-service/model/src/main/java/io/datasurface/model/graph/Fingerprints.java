package io.datasurface.model.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Schema fingerprints: 16 hex digits of SHA-256 over the columns' names, types, nullability and keys. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String of(List<ColumnSpec> columns) {
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            sb.append(c.name().length()).append(':').append(c.name()).append(' ')
                    .append(c.type()).append(c.nullable() ? " null" : " not-null")
                    .append(c.primaryKey() ? " key" : "").append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package io.datasurface.merge.staging;

import io.datasurface.model.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The change-detection hash of a row ({@code ds_surf_all_hash}): the first 8 bytes of the MD5 of a
 * canonical encoding of its values, where each value is a type tag, then either {@code N} for NULL or
 * {@code V}, the length of its canonical text in UTF-8 bytes (4 bytes) and those bytes. Tags and
 * lengths make the encoding unambiguous: ('ab','c') ≠ ('a','bc') and NULL ≠ ''.
 */
final class RowHasher {
    private final List<TypeKind> kinds;
    private final MessageDigest md5;

    RowHasher(List<TypeKind> kinds) {
        this.kinds = List.copyOf(kinds);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    long hash(Object[] values) {
        md5.reset();
        byte[] head = new byte[6];
        for (int i = 0; i < kinds.size(); i++) {
            TypeKind kind = kinds.get(i);
            head[0] = (byte) ('A' + kind.ordinal());
            Object v = values[i];
            if (v == null) {
                head[1] = 'N';
                md5.update(head, 0, 2);
                continue;
            }
            byte[] text = ValueText.canonical(kind, v).getBytes(StandardCharsets.UTF_8);
            head[1] = 'V';
            head[2] = (byte) (text.length >>> 24);
            head[3] = (byte) (text.length >>> 16);
            head[4] = (byte) (text.length >>> 8);
            head[5] = (byte) text.length;
            md5.update(head, 0, 6);
            md5.update(text);
        }
        byte[] d = md5.digest();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}

package io.datasurface.merge.staging;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes staging rows in PostgreSQL's COPY text format into a byte buffer. */
final class CopyRowWriter {
    private final List<TypeKind> kinds;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final StringBuilder line = new StringBuilder(256);

    CopyRowWriter(List<TypeKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** One row: the dataset's values, then op, seq and hash (null hash for a delete). */
    void row(Object[] values, String op, long seq, Long hash) {
        line.setLength(0);
        for (int i = 0; i < kinds.size(); i++) {
            Object v = values[i];
            if (v == null) {
                line.append("\\N");
            } else {
                escape(ValueText.literal(kinds.get(i), v));
            }
            line.append('\t');
        }
        line.append(op).append('\t').append(seq).append('\t');
        if (hash == null) {
            line.append("\\N");
        } else {
            line.append(hash.longValue());
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\0' -> throw new DatasurfaceException("a value contains the character NUL (0x00), which "
                        + "PostgreSQL text cannot hold; clean it at the source", false);
                default -> line.append(c);
            }
        }
    }

    int size() {
        return out.size();
    }

    byte[] buffer() {
        return out.toByteArray();
    }

    void reset() {
        out.reset();
    }
}

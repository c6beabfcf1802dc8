package io.datasurface.merge.staging;

import io.datasurface.model.batch.ValueText;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes rows in PostgreSQL's COPY text format into a growing byte buffer: the dataset's values, then
 * the fields the target table adds (staging: op, seq, hash; a merge table: its batch columns and hash).
 */
final class CopyRowWriter {
    private final TypeKind[] kinds;
    private byte[] buf = new byte[1 << 16];
    private int size;

    CopyRowWriter(List<TypeKind> kinds) {
        this.kinds = kinds.toArray(TypeKind[]::new);
    }

    /** A staging row: the values, then op, seq and hash (null hash for a delete). */
    void row(Object[] values, String op, long seq, Long hash) {
        row(values, null, op, seq, hash);
    }

    void row(Object[] values, String[] literals, String op, long seq, Long hash) {
        values(values, literals);
        text(op);
        number(seq);
        if (hash == null) {
            nul();
        } else {
            number(hash);
        }
        end();
    }

    /** The dataset's values, each followed by a tab. */
    void values(Object[] values) {
        values(values, null);
    }

    /** The dataset's values, each followed by a tab, using the given literals where not null. */
    void values(Object[] values, String[] literals) {
        for (int i = 0; i < kinds.length; i++) {
            Object v = values[i];
            if (v == null) {
                ensure(3);
                buf[size++] = '\\';
                buf[size++] = 'N';
            } else if (v instanceof Integer n && kinds[i] == TypeKind.INTEGER) {
                digits(n);
            } else if (v instanceof Long n && kinds[i] == TypeKind.BIGINT) {
                digits(n);
            } else {
                escaped(literals != null && literals[i] != null ? literals[i] : ValueText.literal(kinds[i], v));
            }
            ensure(1);
            buf[size++] = '\t';
        }
    }

    /** A trailing field that needs no escaping, followed by a tab. */
    void text(String s) {
        escaped(s);
        ensure(1);
        buf[size++] = '\t';
    }

    void number(long n) {
        digits(n);
        ensure(1);
        buf[size++] = '\t';
    }

    void nul() {
        ensure(3);
        buf[size++] = '\\';
        buf[size++] = 'N';
        buf[size++] = '\t';
    }

    /** Ends the row (replacing the last tab with a newline). */
    void end() {
        buf[size - 1] = '\n';
    }

    /** Writes a long's decimal digits straight into the buffer (no String in between). */
    private void digits(long n) {
        ensure(20);
        if (n == Long.MIN_VALUE) {
            for (byte b : "-9223372036854775808".getBytes(StandardCharsets.US_ASCII)) {
                buf[size++] = b;
            }
            return;
        }
        if (n < 0) {
            buf[size++] = '-';
            n = -n;
        }
        int start = size;
        do {
            buf[size++] = (byte) ('0' + (int) (n % 10));
            n /= 10;
        } while (n != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void escaped(String s) {
        int n = s.length();
        ensure(n * 2);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                escapedUtf8(s, i);
                return;
            }
            switch (c) {
                case '\\' -> pair('\\');
                case '\n' -> pair('n');
                case '\r' -> pair('r');
                case '\t' -> pair('t');
                case '\0' -> throw nul(s);
                default -> buf[size++] = (byte) c;
            }
        }
    }

    /** The rest of a string from index {@code from}, which holds non-ASCII characters. */
    private void escapedUtf8(String s, int from) {
        String rest = s.substring(from);
        if (rest.indexOf('\0') >= 0) {
            throw nul(s);
        }
        String escaped = rest.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void pair(char c) {
        buf[size++] = '\\';
        buf[size++] = (byte) c;
    }

    private static DatasurfaceException nul(String s) {
        return new DatasurfaceException("a value contains the character NUL (0x00), which PostgreSQL text cannot "
                + "hold; clean it at the source", false);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    int size() {
        return size;
    }

    /** The bytes written so far: valid up to {@link #size()}. */
    byte[] array() {
        return buf;
    }

    /** A copy of the bytes written so far. */
    byte[] buffer() {
        return Arrays.copyOf(buf, size);
    }

    void reset() {
        size = 0;
    }
}

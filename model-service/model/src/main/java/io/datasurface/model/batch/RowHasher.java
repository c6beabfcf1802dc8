package io.datasurface.model.batch;

import io.datasurface.model.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The change-detection hash of a row ({@code ds_surf_all_hash}): the first 8 bytes, as a signed long,
 * of the MD5 of this encoding of the row's non-NULL values, taken in the order of their column names:
 * for each, the column name's UTF-8 length (4 bytes, big-endian) and bytes, a one-letter type-family
 * tag, then the canonical text's UTF-8 length (4 bytes) and bytes ({@link ValueText#canonical}).
 *
 * <p>Names and lengths make the encoding unambiguous — ('ab','c') ≠ ('a','bc'), NULL (left out) ≠ ''.
 * Leaving NULLs out and tagging families, not exact types, keeps the hash of an unchanged row the same
 * when the model adds a nullable column or widens a type (integer → bigint, varchar(10) → text,
 * date → timestamp, real → double, bit → varbit, enum → text), so such model changes do not make every
 * row look changed.
 *
 * <p>Not thread-safe: one hasher per thread.
 */
public final class RowHasher {
    private final byte[][] names;
    private final TypeKind[] kinds;
    private final int[] order;
    private final MessageDigest md5;
    private byte[] scratch = new byte[256];
    private int length;
    private long last;

    public RowHasher(List<String> columnNames, List<TypeKind> kinds) {
        this.names = columnNames.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.kinds = kinds.toArray(TypeKind[]::new);
        this.order = IntStream.range(0, columnNames.size()).boxed()
                .sorted(Comparator.comparing(columnNames::get)).mapToInt(Integer::intValue).toArray();
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    public long hash(Object[] values) {
        String[] literals = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            literals[i] = values[i] == null ? null : ValueText.literal(kinds[i], values[i]);
        }
        return hash(values, literals);
    }

    /** The hash, given each non-NULL value's {@link ValueText#literal} (so it is computed once per row). */
    public long hash(Object[] values, String[] literals) {
        length = 0;
        for (int i : order) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            putInt(names[i].length);
            put(names[i]);
            ensure(1);
            scratch[length++] = family(kinds[i]);
            byte[] text = ValueText.canonical(kinds[i], v, literals[i]).getBytes(StandardCharsets.UTF_8);
            putInt(text.length);
            put(text);
        }
        md5.update(scratch, 0, length);
        byte[] d = md5.digest(); // digest() also resets the digest for the next row
        long h = 0;
        long rest = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
            rest = (rest << 8) | (d[i + 8] & 0xff);
        }
        last = rest;
        return h;
    }

    /**
     * The other 8 bytes of the last hash's MD5: with the hash, 128 bits that tell values apart where 64 might not
     * (a key's identity among many millions).
     */
    public long rest() {
        return last;
    }

    /** One tag per family of types that the model lets a column widen within. */
    static byte family(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> 'B';
            case SMALLINT, INTEGER, BIGINT -> 'I';
            case REAL, DOUBLE -> 'F';
            case DECIMAL -> 'N';
            case CHAR, VARCHAR, TEXT, ENUM -> 'S';
            case DATE, TIMESTAMP -> 'T';
            case TIMESTAMPTZ -> 'Z';
            case TIME -> 'H';
            case UUID -> 'U';
            case BYTEA -> 'X';
            case JSON -> 'J';
            case JSONB -> 'K';
            case INTERVAL -> 'V';
            case INET -> 'E';
            case CIDR -> 'C';
            case MACADDR -> 'M';
            case MACADDR8 -> 'm';
            case TIMETZ -> 'z';
            case BIT, VARBIT -> 'b';
            case XML -> 'L';
            case ARRAY -> 'A'; // so '{a,b}' as text and {a,b} as an array differ
        };
    }

    private void putInt(int v) {
        ensure(4);
        scratch[length++] = (byte) (v >>> 24);
        scratch[length++] = (byte) (v >>> 16);
        scratch[length++] = (byte) (v >>> 8);
        scratch[length++] = (byte) v;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, scratch, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, length + more));
        }
    }
}

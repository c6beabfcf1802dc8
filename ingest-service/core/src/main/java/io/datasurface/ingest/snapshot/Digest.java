package io.datasurface.ingest.snapshot;

/**
 * What a dataset's merge table held after the last committed batch, as pairs (key → row hash), in an open addressing
 * table of primitives (25 bytes a slot, two slots a row). A key is known by the 128 bits of its
 * {@link io.datasurface.model.batch.RowHasher} MD5 (hash and rest), so two keys never pass for one; the row hash is
 * the merge table's {@code ds_surf_all_hash}. Each key is marked when the source shows it, and keys the source shows
 * that the merge table does not hold are kept too, so a key shown twice is noticed.
 */
final class Digest {
    private static final byte EMPTY = 0;
    /** In the merge table; not shown by the source (yet). */
    private static final byte HELD = 1;
    /** In the merge table and shown by the source. */
    private static final byte SEEN = 2;
    /** Shown by the source, not in the merge table. */
    private static final byte NEW = 3;

    /** What the source's row is to the digest. */
    enum Match { UNCHANGED, CHANGED, NEW, SHOWN_TWICE }

    private long[] keys;
    private long[] rests;
    private long[] rows;
    private byte[] state;
    private int size;

    Digest(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        rests = new long[capacity];
        rows = new long[capacity];
        state = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** Adds a key of the merge table; false when it is there already (the merge table holds it twice). */
    boolean add(long key, long rest, long row) {
        return put(key, rest, row, HELD);
    }

    /** Marks the key shown by the source and says how its row compares. */
    Match show(long key, long rest, long row) {
        int slot = slot(key, rest);
        switch (state[slot]) {
            case EMPTY -> {
                put(key, rest, 0, NEW);
                return Match.NEW;
            }
            case HELD -> {
                state[slot] = SEEN;
                return rows[slot] == row ? Match.UNCHANGED : Match.CHANGED;
            }
            default -> {
                return Match.SHOWN_TWICE;
            }
        }
    }

    /** Marks the key shown by the source (a scan of the source's keys only). */
    void markShown(long key, long rest) {
        int slot = slot(key, rest);
        if (state[slot] == HELD) {
            state[slot] = SEEN;
        }
    }

    /** Whether the merge table holds the key and the source did not show it. */
    boolean unshown(long key, long rest) {
        return state[slot(key, rest)] == HELD;
    }

    /** The row hashes of the keys the merge table holds and the source did not show. */
    long[] unshownRows() {
        int n = 0;
        for (byte b : state) {
            if (b == HELD) {
                n++;
            }
        }
        long[] out = new long[n];
        int j = 0;
        for (int i = 0; i < state.length; i++) {
            if (state[i] == HELD) {
                out[j++] = rows[i];
            }
        }
        return out;
    }

    /** Forgets which keys the source showed (a scan of the source's keys starts over). */
    void forgetShown() {
        for (int i = 0; i < state.length; i++) {
            if (state[i] == SEEN) {
                state[i] = HELD;
            }
        }
    }

    private boolean put(long key, long rest, long row, byte as) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int slot = slot(key, rest);
        if (state[slot] != EMPTY) {
            return false;
        }
        keys[slot] = key;
        rests[slot] = rest;
        rows[slot] = row;
        state[slot] = as;
        size++;
        return true;
    }

    /** The slot of the key, or the empty slot where it would go. */
    private int slot(long key, long rest) {
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (state[i] != EMPTY && (keys[i] != key || rests[i] != rest)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldRests = rests;
        long[] oldRows = rows;
        byte[] oldState = state;
        keys = new long[oldKeys.length * 2];
        rests = new long[oldKeys.length * 2];
        rows = new long[oldKeys.length * 2];
        state = new byte[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldState[i] != EMPTY) {
                int slot = slot(oldKeys[i], oldRests[i]);
                keys[slot] = oldKeys[i];
                rests[slot] = oldRests[i];
                rows[slot] = oldRows[i];
                state[slot] = oldState[i];
            }
        }
    }
}

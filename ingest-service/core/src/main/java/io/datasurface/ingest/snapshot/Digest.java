package io.datasurface.ingest.snapshot;

/**
 * What a dataset's merge table held after the last committed batch, as pairs (key hash → row hash), in an open
 * addressing table of primitives (17 bytes a slot, two slots a row), with a mark per key for "seen in the source".
 * Key and row hashes are {@link io.datasurface.model.batch.RowHasher}'s: the row hash is the merge table's
 * {@code ds_surf_all_hash}.
 */
final class Digest {
    private static final byte EMPTY = 0;
    private static final byte HELD = 1;
    private static final byte SEEN = 2;

    private long[] keys;
    private long[] rows;
    private byte[] state;
    private int size;

    Digest(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        rows = new long[capacity];
        state = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** Adds a key; false when the key hash is there already (two keys of one hash: the digest cannot tell them apart). */
    boolean add(long key, long row) {
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int slot = slot(key);
        if (state[slot] != EMPTY) {
            return false;
        }
        keys[slot] = key;
        rows[slot] = row;
        state[slot] = HELD;
        size++;
        return true;
    }

    /**
     * Marks the key seen in the source and says whether its row is unchanged.
     *
     * @return true when the digest holds the key with this row hash
     */
    boolean seenUnchanged(long key, long row) {
        int slot = slot(key);
        if (state[slot] == EMPTY) {
            return false;
        }
        state[slot] = SEEN;
        return rows[slot] == row;
    }

    /** Marks the key seen in the source (when the digest holds it). */
    void markSeen(long key) {
        int slot = slot(key);
        if (state[slot] != EMPTY) {
            state[slot] = SEEN;
        }
    }

    /** Whether the digest holds the key and the source did not show it. */
    boolean unseen(long key) {
        return state[slot(key)] == HELD;
    }

    /** Forgets which keys were seen (a scan of the source's keys starts over). */
    void forgetSeen() {
        for (int i = 0; i < state.length; i++) {
            if (state[i] == SEEN) {
                state[i] = HELD;
            }
        }
    }

    /** The slot of the key, or the empty slot where it would go. */
    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) mix(key) & mask;
        while (state[i] != EMPTY && keys[i] != key) {
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
        long[] oldRows = rows;
        byte[] oldState = state;
        keys = new long[oldKeys.length * 2];
        rows = new long[oldKeys.length * 2];
        state = new byte[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldState[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                rows[slot] = oldRows[i];
                state[slot] = oldState[i];
            }
        }
    }
}

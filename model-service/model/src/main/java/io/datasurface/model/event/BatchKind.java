package io.datasurface.model.event;

/** FULL: a complete snapshot, keys absent from it are deletes. DELTA: inserts, updates and deletes. */
public enum BatchKind {
    FULL,
    DELTA
}

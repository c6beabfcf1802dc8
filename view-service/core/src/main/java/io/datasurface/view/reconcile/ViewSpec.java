package io.datasurface.view.reconcile;

import java.util.List;

/**
 * One view as the model wants it: its name, the export it serves, the merge table and columns it
 * needs, its SELECT, and the reader role of its workspace.
 */
record ViewSpec(String name, String exportKey, ViewKind kind, String mergeTable, List<String> requiredColumns,
                String select, ReaderRole readerRole) {
    ViewSpec {
        requiredColumns = List.copyOf(requiredColumns);
    }
}

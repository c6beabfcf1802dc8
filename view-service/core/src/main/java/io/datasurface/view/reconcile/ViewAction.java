package io.datasurface.view.reconcile;

/** What the reconciler did to one view. */
public enum ViewAction {
    CREATED("Created view: "),
    UPDATED("Updated view: "),
    UNCHANGED("View already up to date: "),
    DROPPED("Dropped view: "),
    FAILED("Failed view: ");

    private final String line;

    ViewAction(String line) {
        this.line = line;
    }

    /** The start of this action's report line, e.g. {@code Created view: }. */
    public String linePrefix() {
        return line;
    }
}

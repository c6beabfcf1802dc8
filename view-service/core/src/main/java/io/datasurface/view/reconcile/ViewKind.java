package io.datasurface.view.reconcile;

/** The two views of an export: its current rows, and (forensic platforms) every version. */
public enum ViewKind {
    LIVE("live"),
    HISTORY("history");

    private final String label;

    ViewKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static ViewKind ofLabel(String label) {
        return label.equals(HISTORY.label) ? HISTORY : LIVE;
    }
}

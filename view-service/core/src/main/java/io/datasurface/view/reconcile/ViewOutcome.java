package io.datasurface.view.reconcile;

/**
 * What happened to one view; {@code reason} says why it failed (null otherwise). {@code exportKey} is
 * the export the view serves, or served when it was dropped. {@code awaitsData} marks a failure that a
 * batch of the view's stream may cure (its merge table, or a column of it, does not exist yet).
 */
public record ViewOutcome(String view, String exportKey, ViewAction action, String reason, boolean awaitsData) {

    public ViewOutcome(String view, String exportKey, ViewAction action, String reason) {
        this(view, exportKey, action, reason, false);
    }

    /** The report line: {@code Created view: NAME}, or {@code Failed view: NAME: reason}. */
    public String line() {
        return action.linePrefix() + view + (reason == null ? "" : ": " + reason);
    }
}

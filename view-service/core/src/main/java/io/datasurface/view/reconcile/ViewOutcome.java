package io.datasurface.view.reconcile;

/**
 * What happened to one view; {@code reason} says why it failed (null otherwise). {@code exportKey} is
 * the export the view serves, or served when it was dropped.
 */
public record ViewOutcome(String view, String exportKey, ViewAction action, String reason) {

    /** The report line: {@code Created view: NAME}, or {@code Failed view: NAME: reason}. */
    public String line() {
        return action.linePrefix() + view + (reason == null ? "" : ": " + reason);
    }
}

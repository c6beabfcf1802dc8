package io.datasurface.model.event;

/** A view that could not be made, and why. */
public record ViewFailure(String view, String reason) {
}

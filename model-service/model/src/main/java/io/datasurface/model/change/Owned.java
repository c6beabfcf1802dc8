package io.datasurface.model.change;

import io.datasurface.model.problem.Location;

/**
 * One ownable object of a model version: what it is, its content without locations, and the repo that
 * owns it in that version (null when the model does not say).
 */
record Owned(String what, String content, String owner, String ownerWhy, Location at) {
}

package io.datasurface.model;

import io.datasurface.model.problem.Location;

/**
 * How a datastore is captured. {@code type} and {@code consistency} are null when the model spelled
 * them wrongly (the loader reported it); {@code trigger} is null when absent; {@code watermark} is the
 * default watermark column for {@code sql-watermark}; {@code source} is the inline or referenced
 * source container (a reference has only a name until resolved).
 */
public record Capture(CaptureType type, Consistency consistency, Trigger trigger, String watermark,
                      ContainerDef source, String credential, Location at) {
}

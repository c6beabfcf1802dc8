package io.datasurface.model.event;

/** A dataset of a batch and the fingerprint of its schema when the batch started. */
public record DatasetSchema(String dataset, String fingerprint) {
}

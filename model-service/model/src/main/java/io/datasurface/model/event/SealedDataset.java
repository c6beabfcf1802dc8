package io.datasurface.model.event;

/** How many chunks and rows of a dataset a sealed batch holds. */
public record SealedDataset(String dataset, int chunks, long rows) {
}

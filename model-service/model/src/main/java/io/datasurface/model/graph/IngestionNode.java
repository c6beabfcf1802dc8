package io.datasurface.model.graph;

import io.datasurface.model.CaptureType;
import java.util.List;

/**
 * One ingestion stream of a platform: a multi-dataset datastore ({@code dataset} null), or one dataset
 * of a single-dataset datastore. {@code key} is {@code platform/store} or {@code platform/store/dataset}.
 */
public record IngestionNode(String key, String platform, String store, String dataset, CaptureType capture,
                            String trigger, ContainerSpec source, String credential, List<DatasetSpec> datasets) {
    public IngestionNode {
        datasets = List.copyOf(datasets);
    }

    /** Whether the stream is read continuously from the source's log (kept across steps) rather than per step. */
    public boolean continuous() {
        return capture == CaptureType.CDC;
    }

    /** {@code platform/store} or {@code platform/store/dataset}. */
    public static String keyOf(String platform, String store, String dataset) {
        return dataset == null ? platform + "/" + store : platform + "/" + store + "/" + dataset;
    }
}

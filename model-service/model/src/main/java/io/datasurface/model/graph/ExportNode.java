package io.datasurface.model.graph;

/**
 * One dataset a workspace's dataset group gets from a platform: the view(s) to make over the merge
 * table. {@code historyView} is null on live-only platforms. {@code status} is the group's assignment
 * status on this platform. {@code fingerprint} is the dataset's schema fingerprint.
 */
public record ExportNode(String key, String platform, String workspace, String dsg, String store, String dataset,
                         String status, String stream, String mergeTable, String view, String historyView,
                         String fingerprint) {

    /** {@code platform/workspace/dsg/store/dataset}. */
    public static String keyOf(String platform, String workspace, String dsg, String store, String dataset) {
        return platform + "/" + workspace + "/" + dsg + "/" + store + "/" + dataset;
    }
}

package io.datasurface.deploy.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Rendered resources and the few ways the tests look into them. */
record Manifests(List<Map<String, Object>> docs) {
    static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "Pod");

    Stream<Map<String, Object>> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")));
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).filter(d -> name.equals(name(d))).findFirst();
    }

    boolean has(String kind, String name) {
        return find(kind, name).isPresent();
    }

    Stream<Map<String, Object>> workloads() {
        return docs.stream().filter(d -> WORKLOAD_KINDS.contains(d.get("kind")));
    }

    static String name(Map<String, Object> doc) {
        return (String) map(doc, "metadata").get("name");
    }

    /** A workload's pod spec (a Pod's own spec, or its template's). */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        Map<String, Object> spec = map(workload, "spec");
        return "Pod".equals(workload.get("kind")) ? spec : map(map(spec, "template"), "spec");
    }

    /** A workload's pod labels. */
    static Map<String, Object> podLabels(Map<String, Object> workload) {
        Map<String, Object> meta = "Pod".equals(workload.get("kind")) ? map(workload, "metadata")
                : map(map(map(workload, "spec"), "template"), "metadata");
        return map(meta, "labels");
    }

    static Map<String, Object> podAnnotations(Map<String, Object> workload) {
        return map(map(map(map(workload, "spec"), "template"), "metadata"), "annotations");
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload), "containers");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof List ? (List<Map<String, Object>>) v : List.of();
    }
}

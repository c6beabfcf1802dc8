package io.datasurface.model.graph;

import io.datasurface.model.Assignment;
import io.datasurface.model.Capture;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Column;
import io.datasurface.model.Consistency;
import io.datasurface.model.Dataset;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.Datastore;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.Milestoning;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.Sink;
import io.datasurface.model.Workspace;
import io.datasurface.model.naming.SqlNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds each platform's pipeline graph back from the dataset groups assigned to it: every served
 * assignment (all but DECOMMISSIONED) yields an export per sink, and each export's datastore an
 * ingestion stream (one per multi-dataset datastore, one per dataset otherwise) that carries only the
 * datasets some export needs. Tolerates models with lint errors by leaving out what cannot be resolved.
 */
public final class GraphBuilder {
    private GraphBuilder() {
    }

    /** Every platform's graph, by platform name. */
    public static Map<String, PipelineGraph> buildAll(Model model) {
        Map<String, PipelineGraph> graphs = new TreeMap<>();
        Map<String, List<Export>> byPlatform = exportsByPlatform(model);
        for (PlatformDef p : model.platforms()) {
            if (p.name() != null && !graphs.containsKey(p.name())) {
                graphs.put(p.name(), build(model, p, byPlatform.getOrDefault(p.name(), List.of())));
            }
        }
        return graphs;
    }

    /**
     * One platform's graph.
     *
     * @throws IllegalArgumentException when the model has no such platform
     */
    public static PipelineGraph build(Model model, String platform) {
        PlatformDef p = model.platform(platform).orElseThrow(() -> new IllegalArgumentException(
                "platform '" + platform + "' is not declared by the ecosystem"));
        return build(model, p, exportsByPlatform(model).getOrDefault(platform, List.of()));
    }

    private record Export(String workspace, DatasetGroup group, Sink sink, Assignment assignment) {
    }

    private static Map<String, List<Export>> exportsByPlatform(Model model) {
        Map<String, List<Export>> out = new HashMap<>();
        Set<String> seenEntries = new HashSet<>();
        for (DsgMapping e : model.mappings()) {
            if (!seenEntries.add(e.workspace() + "/" + e.dsg())) {
                continue;
            }
            Optional<Workspace> ws = model.workspace(e.workspace());
            Optional<DatasetGroup> group = ws.flatMap(w -> w.group(e.dsg()));
            if (group.isEmpty()) {
                continue;
            }
            Set<String> platforms = new HashSet<>();
            for (Assignment a : e.assignments()) {
                if (a.status() == null || !a.status().isServed() || !platforms.add(a.dataPlatform())) {
                    continue;
                }
                Set<String> sinks = new HashSet<>();
                for (Sink s : group.get().sinks()) {
                    if (sinks.add(s.toString()) && model.dataset(s.store(), s.dataset()).isPresent()) {
                        out.computeIfAbsent(a.dataPlatform(), k -> new ArrayList<>())
                                .add(new Export(e.workspace(), group.get(), s, a));
                    }
                }
            }
        }
        return out;
    }

    private static PipelineGraph build(Model model, PlatformDef p, List<Export> exports) {
        boolean forensic = p.milestoning() == Milestoning.FORENSIC;
        Map<String, Set<String>> streamDatasets = new TreeMap<>();
        Map<String, Datastore> streamStore = new HashMap<>();
        List<ExportNode> exportNodes = new ArrayList<>();
        for (Export x : exports) {
            Datastore store = model.datastore(x.sink().store()).orElseThrow();
            Dataset dataset = store.dataset(x.sink().dataset()).orElseThrow();
            String streamKey = IngestionNode.keyOf(p.name(), store.name(), perDataset(store) ? dataset.name() : null);
            streamDatasets.computeIfAbsent(streamKey, k -> new LinkedHashSet<>()).add(dataset.name());
            streamStore.put(streamKey, store);
            String ws = x.workspace();
            String dsg = x.group().name();
            exportNodes.add(new ExportNode(
                    ExportNode.keyOf(p.name(), ws, dsg, store.name(), dataset.name()), p.name(), ws, dsg,
                    store.name(), dataset.name(), x.assignment().status().name(), streamKey,
                    SqlNames.mergeTable(store.name(), dataset.name()),
                    SqlNames.view(p.name(), ws, dsg, dataset.name()),
                    forensic ? SqlNames.historyView(p.name(), ws, dsg, dataset.name()) : null,
                    Fingerprints.of(columns(dataset))));
        }
        List<IngestionNode> streams = new ArrayList<>();
        for (var entry : streamDatasets.entrySet()) {
            Datastore store = streamStore.get(entry.getKey());
            streams.add(stream(model, p, store, entry.getKey(), entry.getValue()));
        }
        exportNodes.sort(Comparator.comparing(ExportNode::key));
        return new PipelineGraph(p.name(), p.kind(), p.milestoning(),
                SqlNames.schema(p.name()), ContainerSpec.of(model.container(p.mergeStore() == null ? "" : p.mergeStore())
                .orElse(null)), p.credential(), streams, exportNodes);
    }

    private static boolean perDataset(Datastore store) {
        return store.capture() != null && store.capture().consistency() == Consistency.SINGLE_DATASET;
    }

    private static IngestionNode stream(Model model, PlatformDef p, Datastore store, String key, Set<String> needed) {
        Capture c = store.capture();
        List<DatasetSpec> datasets = new ArrayList<>();
        for (Dataset ds : store.datasets()) {
            if (needed.contains(ds.name())) {
                List<ColumnSpec> columns = columns(ds);
                String watermark = c != null && c.type() == CaptureType.SQL_WATERMARK
                        ? SqlNames.sqlName(ds.watermark() != null ? ds.watermark() : String.valueOf(c.watermark()))
                        : null;
                datasets.add(new DatasetSpec(ds.name(), SqlNames.mergeTable(store.name(), ds.name()),
                        SqlNames.stagingTable(store.name(), ds.name()), watermark, columns, Fingerprints.of(columns)));
            }
        }
        return new IngestionNode(key, p.name(), store.name(), perDataset(store) ? datasets.get(0).name() : null,
                c == null ? null : c.type(),
                c == null || c.trigger() == null ? null : c.trigger().toString(),
                ContainerSpec.of(model.sourceOf(store).orElse(null)), c == null ? null : c.credential(), datasets);
    }

    static List<ColumnSpec> columns(Dataset ds) {
        List<ColumnSpec> out = new ArrayList<>(ds.columns().size());
        for (Column c : ds.columns()) {
            if (c.name() == null) {
                continue;
            }
            out.add(new ColumnSpec(SqlNames.sqlName(c.name()), c.type() != null ? c.type().toString() : c.typeText(),
                    c.nullable(), c.primaryKey()));
        }
        return out;
    }
}

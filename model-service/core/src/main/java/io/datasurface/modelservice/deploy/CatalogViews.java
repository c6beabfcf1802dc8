package io.datasurface.modelservice.deploy;

import io.datasurface.model.Column;
import io.datasurface.model.Dataset;
import io.datasurface.model.Datastore;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.Workspace;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog's JSON shapes of model objects: what a consumer or producer wants to read, without source positions. */
public final class CatalogViews {
    private CatalogViews() {
    }

    public static Map<String, Object> datastore(Datastore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("team", s.team());
        m.put("documentation", s.documentation());
        m.put("production", s.production());
        if (s.capture() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", s.capture().type() == null ? null : s.capture().type().toString());
            c.put("consistency", s.capture().consistency() == null ? null : s.capture().consistency().toString());
            c.put("trigger", s.capture().trigger() == null ? null : s.capture().trigger().toString());
            m.put("capture", c);
        }
        m.put("datasets", s.datasets().stream().map(CatalogViews::dataset).toList());
        return m;
    }

    static Map<String, Object> dataset(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("documentation", d.documentation());
        m.put("classifications", d.classifications());
        m.put("columns", d.columns().stream().map(CatalogViews::column).toList());
        return m;
    }

    static Map<String, Object> column(Column c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.typeText());
        m.put("nullable", c.nullable());
        m.put("primaryKey", c.primaryKey());
        m.put("classifications", c.classifications());
        return m;
    }

    public static Map<String, Object> workspace(Model model, Workspace w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("team", w.team());
        m.put("documentation", w.documentation());
        m.put("container", w.container());
        m.put("datasetGroups", w.groups().stream().map(g -> group(model, w, g)).toList());
        return m;
    }

    static Map<String, Object> group(Model model, Workspace w, DatasetGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("milestoning", g.milestoning() == null ? null : g.milestoning().yaml());
        m.put("sinks", g.sinks().stream().map(s -> s.store() + "/" + s.dataset()).toList());
        List<Map<String, Object>> assignments = model.mappings().stream()
                .filter(x -> w.name().equals(x.workspace()) && g.name().equals(x.dsg()))
                .flatMap((DsgMapping x) -> x.assignments().stream()).map(a -> {
                    Map<String, Object> am = new LinkedHashMap<>();
                    am.put("dataPlatform", a.dataPlatform());
                    am.put("status", a.status() == null ? null : a.status().name());
                    return am;
                }).toList();
        m.put("assignments", assignments);
        return m;
    }

    /**
     * A platform's pipeline graph as the catalog shows it: every JDBC URL without its passwords (user info and
     * password parameters, {@link DatabaseUrl#redact}), which the services themselves still get in the graph events.
     */
    public static PipelineGraph graph(PipelineGraph g) {
        List<IngestionNode> streams = g.streams().stream().map(n -> new IngestionNode(n.key(), n.platform(), n.store(),
                n.dataset(), n.capture(), n.trigger(), container(n.source()), n.credential(), n.datasets())).toList();
        return new PipelineGraph(g.platform(), g.kind(), g.milestoning(), g.schema(), container(g.mergeStore()),
                g.credential(), streams, g.exports());
    }

    static ContainerSpec container(ContainerSpec c) {
        return c == null || c.url() == null ? c
                : new ContainerSpec(c.kind(), c.host(), c.port(), c.database(), DatabaseUrl.redact(c.url()));
    }

    public static Map<String, Object> platform(PlatformDef p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind());
        m.put("milestoning", p.milestoning() == null ? null : p.milestoning().yaml());
        m.put("mergeStore", p.mergeStore());
        return m;
    }
}

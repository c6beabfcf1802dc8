package io.datasurface.cli;

import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** The text form of a pipeline graph, for people. */
final class GraphText {
    private GraphText() {
    }

    static void print(PipelineGraph g, PrintWriter out) {
        String milestoning = g.milestoning() == null ? null : g.milestoning().yaml();
        out.println("Platform " + g.platform() + " (" + g.kind() + ", " + milestoning + "), schema " + g.schema()
                + " in merge store " + address(g.mergeStore()));
        out.println("  Streams (" + g.streams().size() + "):");
        for (IngestionNode s : g.streams()) {
            String capture = s.capture() == null ? null : s.capture().yaml();
            out.println("    " + s.key() + "  " + capture + (s.trigger() == null ? "" : ", " + s.trigger())
                    + ", from " + address(s.source()));
            for (DatasetSpec d : s.datasets()) {
                out.println("      " + d.name() + " → " + g.schema() + "." + d.mergeTable() + "  (" + d.columns().size()
                        + " columns, key " + d.columns().stream().filter(c -> c.primaryKey()).map(c -> c.name())
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        out.println("  Exports (" + g.exports().size() + "):");
        for (ExportNode e : g.exports()) {
            out.println("    " + e.workspace() + "/" + e.dsg() + "  " + e.store() + "/" + e.dataset() + " → "
                    + e.view() + (e.historyView() == null ? "" : ", " + e.historyView()) + "  [" + e.status() + "]");
        }
        out.println();
    }

    private static String address(ContainerSpec c) {
        if (c == null) {
            return "(none)";
        }
        return "jdbc".equals(c.kind()) ? c.url() : c.kind() + "://" + c.host() + ":" + c.port() + "/" + c.database();
    }
}

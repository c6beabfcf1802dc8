package io.datasurface.view.reconcile;

import static io.datasurface.model.naming.MergeColumns.BATCH_IN;
import static io.datasurface.model.naming.MergeColumns.BATCH_OUT;

import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.ExportNode;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.view.sql.ViewDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a platform's exports into the views they need. */
final class ViewPlanner {
    private final ViewDialect dialect;

    ViewPlanner(ViewDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The views of one export: its live view and, on a forensic platform, its history view. Empty when
     * the graph does not hold the dataset's columns (a graph that lost the export's stream).
     */
    List<ViewSpec> views(PlatformViews platform, ExportNode export) {
        Optional<DatasetSpec> dataset = dataset(platform, export);
        if (dataset.isEmpty()) {
            return List.of();
        }
        List<String> columns = dataset.get().columns().stream().map(ColumnSpec::name).toList();
        String schema = platform.mergeSchema();
        ReaderRole role = ReaderRole.of(export.platform(), export.workspace());
        List<ViewSpec> out = new ArrayList<>();
        if (!platform.forensic()) {
            out.add(new ViewSpec(export.view(), export.key(), ViewKind.LIVE, export.mergeTable(), columns,
                    dialect.liveOnlySelect(schema, export.mergeTable(), columns), role));
            return out;
        }
        List<String> withMilestones = new ArrayList<>(columns);
        withMilestones.add(BATCH_OUT);
        out.add(new ViewSpec(export.view(), export.key(), ViewKind.LIVE, export.mergeTable(), withMilestones,
                dialect.forensicLiveSelect(schema, export.mergeTable(), columns), role));
        List<String> history = new ArrayList<>(columns);
        history.add(BATCH_IN);
        history.add(BATCH_OUT);
        String historyView = export.historyView() != null ? export.historyView()
                : SqlNames.historyView(export.platform(), export.workspace(), export.dsg(), export.dataset());
        out.add(new ViewSpec(historyView, export.key(), ViewKind.HISTORY, export.mergeTable(), history,
                dialect.historySelect(schema, export.mergeTable(), export.stream(), columns), role));
        return out;
    }

    private static Optional<DatasetSpec> dataset(PlatformViews platform, ExportNode export) {
        IngestionNode stream = platform.streams().get(export.stream());
        if (stream == null) {
            return Optional.empty();
        }
        return stream.datasets().stream().filter(d -> d.name().equals(export.dataset())).findFirst();
    }
}

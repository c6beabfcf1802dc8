package io.datasurface.model.lint;

import io.datasurface.model.Dataset;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.Datastore;
import io.datasurface.model.Model;
import io.datasurface.model.Sink;
import io.datasurface.model.Workspace;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Workspaces: their container exists and every sink names an existing dataset once. */
final class WorkspaceRules {
    private WorkspaceRules() {
    }

    static void check(Model m, Problems p) {
        var storeNames = m.datastores().stream().map(Datastore::name).toList();
        for (Workspace ws : m.workspaces()) {
            String container = ws.container();
            if (!Workspace.PLATFORM_MANAGED.equals(container) && m.container(container).isEmpty()) {
                p.error(ws.at().of("container"), "unknown-container", "workspace '" + ws.name() + "' uses container '" + container
                        + "', which the ecosystem does not declare; use '" + Workspace.PLATFORM_MANAGED
                        + "' or a container under 'containers:'");
            }
            if (ws.groups().isEmpty()) {
                p.warning(ws.at(), "empty-workspace", "workspace '" + ws.name() + "' has no dataset groups, so it "
                        + "receives no data");
            }
            for (DatasetGroup g : ws.groups()) {
                if (g.sinks().isEmpty()) {
                    p.warning(g.at(), "empty-group", "dataset group '" + ws.name() + "/" + g.name()
                            + "' has no sinks, so it receives no data");
                }
                Map<String, Sink> seen = new HashMap<>();
                for (Sink s : g.sinks()) {
                    Sink first = seen.putIfAbsent(s.toString(), s);
                    if (first != null) {
                        p.error(s.at(), "duplicate-name", "sink '" + s + "' appears twice in dataset group '"
                                + g.name() + "'; remove one");
                        continue;
                    }
                    Optional<Datastore> store = m.datastore(s.store());
                    if (store.isEmpty()) {
                        p.error(s.at(), "unknown-sink", "sink '" + s + "' of workspace '" + ws.name()
                                + "' names datastore '" + s.store() + "', which does not exist"
                                + Suggest.didYouMean(s.store(), storeNames));
                    } else if (store.get().dataset(s.dataset()).isEmpty()) {
                        p.error(s.at(), "unknown-sink", "sink '" + s + "' of workspace '" + ws.name()
                                + "' names dataset '" + s.dataset() + "', which datastore '" + s.store()
                                + "' does not have" + Suggest.didYouMean(s.dataset(),
                                store.get().datasets().stream().map(Dataset::name).toList()));
                    }
                }
            }
        }
    }
}

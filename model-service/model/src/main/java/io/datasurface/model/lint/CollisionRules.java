package io.datasurface.model.lint;

import io.datasurface.model.Assignment;
import io.datasurface.model.Dataset;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.Datastore;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.Milestoning;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.Sink;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SQL names that must not collide once built and shortened to 63 characters: merge and staging tables
 * (one schema per platform), workspace views (one view schema) and workspace reader roles (one per
 * PostgreSQL server, so across platforms too).
 */
final class CollisionRules {
    private CollisionRules() {
    }

    private record Owner(String identity, Location at) {
    }

    static void check(Model m, Problems p) {
        Map<String, Owner> tables = new HashMap<>();
        for (Datastore store : m.datastores()) {
            for (Dataset ds : store.datasets()) {
                if (store.name() == null || ds.name() == null) {
                    continue;
                }
                String identity = store.name() + "/" + ds.name();
                claim(tables, SqlNames.mergeTable(store.name(), ds.name()), new Owner(identity, ds.at()), "merge table",
                        "table-name-collision", p);
                claim(tables, SqlNames.stagingTable(store.name(), ds.name()), new Owner(identity, ds.at()),
                        "staging table", "table-name-collision", p);
            }
        }
        Map<String, Owner> views = new HashMap<>();
        Map<String, Owner> roles = new HashMap<>();
        for (DsgMapping e : m.mappings()) {
            Optional<DatasetGroup> group = m.workspace(e.workspace()).flatMap(w -> w.group(e.dsg()));
            if (group.isEmpty()) {
                continue;
            }
            for (Assignment a : e.assignments()) {
                Optional<PlatformDef> platform = m.platform(a.dataPlatform());
                if (platform.isEmpty() || a.status() == null || !a.status().isServed()) {
                    continue;
                }
                claim(roles, SqlNames.readerRole(platform.get().name(), e.workspace()),
                        new Owner("workspace '" + e.workspace() + "' on platform '" + platform.get().name() + "'", a.at()),
                        "reader role", "role-name-collision", p);
                for (Sink s : group.get().sinks()) {
                    views(views, platform.get(), e.workspace(), group.get(), s, p);
                }
            }
        }
    }

    private static void views(Map<String, Owner> views, PlatformDef pl, String ws, DatasetGroup g, Sink s, Problems p) {
        String identity = pl.name() + "/" + ws + "/" + g.name() + "/" + s;
        Owner owner = new Owner(identity, s.at());
        claim(views, SqlNames.view(pl.name(), ws, g.name(), s.dataset()), owner, "view", "view-name-collision", p);
        if (pl.milestoning() == Milestoning.FORENSIC) {
            claim(views, SqlNames.historyView(pl.name(), ws, g.name(), s.dataset()), owner, "history view",
                    "view-name-collision", p);
        }
    }

    private static void claim(Map<String, Owner> names, String name, Owner owner, String what, String rule, Problems p) {
        Owner first = names.putIfAbsent(name, owner);
        if (first != null && !first.identity().equals(owner.identity())) {
            p.error(owner.at(), rule, what + " name '" + name + "' of " + owner.identity() + " collides with the one of "
                    + first.identity() + " (" + first.at() + "); rename one of them");
        }
    }
}

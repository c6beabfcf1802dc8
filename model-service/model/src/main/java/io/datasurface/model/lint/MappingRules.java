package io.datasurface.model.lint;

import io.datasurface.model.Assignment;
import io.datasurface.model.DatasetGroup;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.Workspace;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dsg_platform_mapping.json}: entries name existing workspaces, groups and platforms; a platform
 * can meet the group's milestoning requirement; every group has an active assignment.
 */
final class MappingRules {
    private MappingRules() {
    }

    static void check(Model m, Problems p) {
        Map<String, DsgMapping> seen = new HashMap<>();
        Set<String> active = new HashSet<>();
        var platformNames = m.platforms().stream().map(PlatformDef::name).toList();
        for (DsgMapping e : m.mappings()) {
            if (e.workspace() == null || e.dsg() == null) {
                continue;
            }
            String key = e.workspace() + "/" + e.dsg();
            DsgMapping first = seen.putIfAbsent(key, e);
            if (first != null) {
                p.error(e.at(), "duplicate-name", "dataset group '" + key + "' is mapped twice; the other entry is at "
                        + first.at() + "; merge them");
                continue;
            }
            Optional<Workspace> ws = m.workspace(e.workspace());
            Optional<DatasetGroup> group = ws.flatMap(w -> w.group(e.dsg()));
            if (ws.isEmpty()) {
                p.error(e.at(), "unknown-workspace", "mapping names workspace '" + e.workspace()
                        + "', which does not exist" + Suggest.didYouMean(e.workspace(),
                        m.workspaces().stream().map(Workspace::name).toList()));
            } else if (group.isEmpty()) {
                p.error(e.at(), "unknown-dsg", "mapping names dataset group '" + e.dsg() + "' of workspace '"
                        + e.workspace() + "', which does not exist" + Suggest.didYouMean(e.dsg(),
                        ws.get().groups().stream().map(DatasetGroup::name).toList()));
            }
            Set<String> platforms = new HashSet<>();
            for (Assignment a : e.assignments()) {
                if (a.dataPlatform() == null) {
                    continue;
                }
                if (!platforms.add(a.dataPlatform())) {
                    p.error(a.at(), "duplicate-name", "platform '" + a.dataPlatform() + "' is assigned twice to '" + key
                            + "'; keep one assignment with its current status");
                    continue;
                }
                Optional<PlatformDef> platform = m.platform(a.dataPlatform());
                if (platform.isEmpty()) {
                    p.error(a.at(), "unknown-platform", "'" + key + "' is assigned to platform '" + a.dataPlatform()
                            + "', which the ecosystem does not declare" + Suggest.didYouMean(a.dataPlatform(), platformNames));
                    continue;
                }
                if (a.status() != null && a.status().isActive()) {
                    active.add(key);
                }
                milestoning(platform.get(), group.orElse(null), a, key, p);
            }
        }
        for (Workspace ws : m.workspaces()) {
            for (DatasetGroup g : ws.groups()) {
                if (!active.contains(ws.name() + "/" + g.name())) {
                    p.warning(g.at(), "unassigned-dsg", "dataset group '" + ws.name() + "/" + g.name() + "' has no "
                            + "PROVISIONED or PROVISIONING platform in " + Model.MAPPING_FILE + ", so no platform serves it");
                }
            }
        }
    }

    /** A served assignment's platform must keep the history its group requires. */
    private static void milestoning(PlatformDef platform, DatasetGroup group, Assignment a, String key, Problems p) {
        if (group == null || group.milestoning() == null || platform.milestoning() == null || a.status() == null
                || !a.status().isServed()) {
            return;
        }
        if (!platform.milestoning().satisfies(group.milestoning())) {
            p.error(a.at(), "milestoning-mismatch", "'" + key + "' requires " + group.milestoning().yaml()
                    + " milestoning, but platform '" + platform.name() + "' is " + platform.milestoning().yaml()
                    + "; assign it to a " + group.milestoning().yaml() + " platform");
        }
    }
}

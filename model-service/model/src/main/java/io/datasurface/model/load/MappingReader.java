package io.datasurface.model.load;

import io.datasurface.model.Assignment;
import io.datasurface.model.AssignmentStatus;
import io.datasurface.model.DsgMapping;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code dsg_platform_mapping.json}: a list of {workspace, dsg, assignments: [{dataPlatform,
 * status}]}. JSON is read with the YAML parser, which keeps line numbers.
 */
final class MappingReader {
    static final Set<String> ENTRY_KEYS = Set.of("workspace", "dsg", "assignments", "documentation");
    static final Set<String> ASSIGNMENT_KEYS = Set.of("dataPlatform", "status", "documentation");

    private MappingReader() {
    }

    static List<DsgMapping> read(Node root, String file, Problems problems) {
        List<DsgMapping> out = new ArrayList<>();
        if (!(root instanceof SequenceNode seq)) {
            problems.error(new Location(file, YamlMap.line(root)), "yaml-shape",
                    file + " must be a JSON array of {\"workspace\", \"dsg\", \"assignments\"} objects");
            return out;
        }
        for (Node n : seq.getValue()) {
            YamlMap e = YamlMap.open(n, file, "mapping entry", ENTRY_KEYS, problems);
            if (e == null) {
                continue;
            }
            List<Assignment> assignments = new ArrayList<>();
            for (Node a : e.list("assignments")) {
                YamlMap am = YamlMap.open(a, file, "assignment", ASSIGNMENT_KEYS, problems);
                if (am != null) {
                    assignments.add(new Assignment(am.required("dataPlatform"), status(am), am.at()));
                }
            }
            out.add(new DsgMapping(e.required("workspace"), e.required("dsg"), assignments, e.at()));
        }
        return out;
    }

    private static AssignmentStatus status(YamlMap am) {
        String text = am.required("status");
        if (text == null) {
            return null;
        }
        try {
            return AssignmentStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            am.problems().error(am.at("status"), "unknown-status", "unknown assignment status '" + text
                    + "'; use PROVISIONING, PROVISIONED, DECOMMISSIONING or DECOMMISSIONED");
            return null;
        }
    }
}

package io.datasurface.model.load;

import io.datasurface.model.problem.Location;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Counts a YAML document's nodes and finds a list or mapping it uses more than once: through an alias
 * ({@code *name}), or inside itself. A model may alias single values only, so a document is never
 * larger than its text. Walks each node once, in document order (an anchor comes before its aliases),
 * so the walk is no deeper than the text is nested.
 */
final class AliasCheck {
    /** Where a list or mapping is used again, and what to tell the user. */
    record Reuse(Location at, String message) {
    }

    /** The document's nodes (each alias of a single value counted where it is used), and its first reuse. */
    record Result(long nodes, Optional<Reuse> reuse) {
    }

    private final String file;
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private long nodes;

    private AliasCheck(String file) {
        this.file = file;
    }

    static Result check(Node document, String file) {
        AliasCheck check = new AliasCheck(file);
        Optional<Reuse> reuse = check.walk(document, YamlMap.line(document));
        return new Result(check.nodes, reuse);
    }

    /** @param usedAt the line that uses this node: its key's line in a mapping, else the node's own */
    private Optional<Reuse> walk(Node node, int usedAt) {
        nodes++;
        if (!(node instanceof MappingNode) && !(node instanceof SequenceNode)) {
            return Optional.empty();
        }
        if (!seen.add(node)) {
            String what = node instanceof MappingNode ? "mapping" : "list";
            String anchor = node.getAnchor() == null ? "" : " '&" + node.getAnchor() + "'";
            return Optional.of(new Reuse(new Location(file, usedAt), "the " + what + anchor + " of line "
                    + YamlMap.line(node) + " is used again through an alias; in a model an alias may repeat a single "
                    + "value only (aliases of lists and mappings can make a small file stand for a huge model): write "
                    + "the " + what + " out"));
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                int keyLine = YamlMap.line(t.getKeyNode());
                Optional<Reuse> r = walk(t.getKeyNode(), keyLine).or(() -> walk(t.getValueNode(), keyLine));
                if (r.isPresent()) {
                    return r;
                }
            }
        } else {
            for (Node item : ((SequenceNode) node).getValue()) {
                Optional<Reuse> r = walk(item, YamlMap.line(node));
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }
}

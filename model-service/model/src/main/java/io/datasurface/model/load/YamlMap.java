package io.datasurface.model.load;

import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, problem-reporting access to one YAML mapping. Unknown and duplicate keys are reported when
 * the map is opened; wrong value shapes when a value is read. Readers never throw on bad input.
 */
final class YamlMap {
    private final String file;
    private final String what;
    private final Problems problems;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String file, String what, Set<String> known, Problems problems) {
        this.node = node;
        this.file = file;
        this.what = what;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                problems.error(at(keyNode), "yaml-syntax", "keys of " + what + " must be plain names");
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                problems.error(at(keyNode), "duplicate-key", "duplicate key '" + key + "' in " + what
                        + " (first at line " + line(first.getKeyNode()) + "); remove one of them");
            } else if (!known.contains(key)) {
                problems.error(at(keyNode), "unknown-key", "unknown key '" + key + "' in " + what
                        + Suggest.didYouMean(key, known) + "; known keys: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Opens {@code node} as a mapping, or reports that it is not one and returns null. */
    static YamlMap open(Node node, String file, String what, Set<String> known, Problems problems) {
        if (node instanceof MappingNode mapping) {
            return new YamlMap(mapping, file, what, known, problems);
        }
        problems.error(new Location(file, line(node)), "yaml-shape",
                what + " must be a mapping of keys to values, e.g. 'name: x'");
        return null;
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    Location at() {
        return at(node);
    }

    Location at(Node n) {
        return new Location(file, line(n));
    }

    /** This map's location, remembering the lines of those of {@code keys} that are present. */
    Location atWith(String... keys) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (String key : keys) {
            NodeTuple t = entries.get(key);
            if (t != null) {
                lines.put(key, line(t.getValueNode()));
            }
        }
        return new Location(file, line(node), lines);
    }

    /** Location of a key's value, or of the map itself when the key is absent. */
    Location at(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? at() : at(t.getValueNode());
    }

    String file() {
        return file;
    }

    String what() {
        return what;
    }

    Problems problems() {
        return problems;
    }

    boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    Node raw(String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** A text value, or null when absent; reports a value that is not a scalar. */
    String string(String key) {
        Node n = raw(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        problems.error(at(n), "yaml-shape", "'" + key + "' of " + what + " must be a single value, not a "
                + (n instanceof SequenceNode ? "list" : "mapping"));
        return null;
    }

    /** A text value that must be present; reports its absence. */
    String required(String key) {
        String value = string(key);
        if (value == null && raw(key) == null) {
            problems.error(at(), "missing-key", what + " needs '" + key + ":'");
        }
        return value;
    }

    Integer integer(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            problems.error(at(key), "yaml-shape", "'" + key + "' of " + what + " must be a whole number, not '" + text + "'");
            return null;
        }
    }

    /** A boolean, or {@code fallback} when absent; only {@code true} and {@code false} are accepted. */
    boolean bool(String key, boolean fallback) {
        String text = string(key);
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        problems.error(at(key), "yaml-shape", "'" + key + "' of " + what + " must be true or false, not '" + text + "'");
        return fallback;
    }

    /** The items of a list, or an empty list when absent; reports a value that is not a list. */
    List<Node> list(String key) {
        Node n = raw(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.error(at(n), "yaml-shape", "'" + key + "' of " + what + " must be a list (- item or [a, b])");
        return List.of();
    }

    /** A list of text values, e.g. {@code [PC3, PII]}. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Node item : list(key)) {
            if (item instanceof ScalarNode s && !isNull(s)) {
                out.add(s.getValue());
            } else {
                problems.error(at(item), "yaml-shape", "items of '" + key + "' in " + what + " must be single values");
            }
        }
        return out;
    }

    /** A nested mapping, or null when absent or not a mapping (reported). */
    YamlMap map(String key, String nestedWhat, Set<String> known) {
        Node n = raw(key);
        return n == null ? null : open(n, file, nestedWhat, known, problems);
    }
}

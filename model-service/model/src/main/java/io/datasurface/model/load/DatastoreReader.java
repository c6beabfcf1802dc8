package io.datasurface.model.load;

import io.datasurface.model.Capture;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Column;
import io.datasurface.model.Consistency;
import io.datasurface.model.ContainerDef;
import io.datasurface.model.Dataset;
import io.datasurface.model.Datastore;
import io.datasurface.model.Trigger;
import io.datasurface.model.type.SqlType;
import java.util.ArrayList;
import io.datasurface.model.problem.Location;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a {@code kind: Datastore} document with its datasets and columns. */
final class DatastoreReader {
    static final Set<String> KEYS = Set.of("kind", "name", "team", "documentation", "production", "capture", "datasets");
    static final Set<String> CAPTURE_KEYS = Set.of("type", "consistency", "trigger", "watermark", "source",
            "credential");
    static final Set<String> TRIGGER_KEYS = Set.of("cron");
    static final Set<String> DATASET_KEYS = Set.of("name", "documentation", "classifications", "watermark",
            "columns");
    static final Set<String> COLUMN_KEYS = Set.of("name", "type", "nullable", "primaryKey", "classifications",
            "documentation");

    private DatastoreReader() {
    }

    static Datastore read(YamlMap doc) {
        String name = doc.required("name");
        YamlMap c = doc.map("capture", "capture", CAPTURE_KEYS);
        Capture capture = c == null ? null : capture(c, "datastore '" + name + "'");
        if (c == null && !doc.has("capture")) {
            doc.problems().error(doc.at(), "missing-key", "Datastore needs 'capture:' (type, consistency, trigger, "
                    + "source, credential)");
        }
        List<Dataset> datasets = new ArrayList<>();
        for (Node n : doc.list("datasets")) {
            YamlMap d = YamlMap.open(n, doc.file(), "dataset", DATASET_KEYS, doc.problems());
            if (d != null) {
                datasets.add(dataset(d));
            }
        }
        return new Datastore(name, doc.required("team"), doc.string("documentation"),
                doc.bool("production", false), capture, datasets, doc.atWith("team"));
    }

    private static Capture capture(YamlMap c, String store) {
        String typeText = c.required("type");
        CaptureType type = null;
        if (typeText != null) {
            type = CaptureType.fromYaml(typeText).orElse(null);
            if (type == null) {
                c.problems().error(c.at("type"), "unknown-capture-type", "unknown capture type '" + typeText
                        + "'; use one of: " + String.join(", ", Arrays.stream(CaptureType.values()).map(CaptureType::yaml).toList()));
            }
        }
        String consistencyText = c.string("consistency");
        Consistency consistency = Consistency.MULTI_DATASET;
        if (consistencyText != null) {
            consistency = Consistency.fromYaml(consistencyText).orElse(null);
            if (consistency == null) {
                c.problems().error(c.at("consistency"), "unknown-consistency", "unknown consistency '" + consistencyText
                        + "'; use single-dataset or multi-dataset");
            }
        }
        if (!c.has("source")) {
            c.problems().error(c.at(), "missing-source", store + " needs 'source:' under capture: an inline container "
                    + "(kind, host, port, database) or the name of an ecosystem container");
        }
        Location at = c.atWith("type", "trigger", "watermark", "source", "credential");
        Map<String, Integer> lines = new LinkedHashMap<>(at.keys());
        Trigger trigger = trigger(c, lines);
        return new Capture(type, consistency, trigger, c.string("watermark"), source(c, store), c.string("credential"),
                new Location(at.file(), at.line(), lines));
    }

    /** Reads the trigger; records the line of its cron expression in {@code lines} under "cron". */
    private static Trigger trigger(YamlMap c, Map<String, Integer> lines) {
        Node n = c.raw("trigger");
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            if ("external".equals(s.getValue())) {
                return Trigger.EXTERNAL;
            }
            c.problems().error(c.at(n), "invalid-trigger", "trigger must be 'external' or 'cron: EXPR', not '"
                    + s.getValue() + "'");
            return null;
        }
        YamlMap t = YamlMap.open(n, c.file(), "trigger", TRIGGER_KEYS, c.problems());
        if (t == null) {
            return null;
        }
        String cron = t.required("cron");
        if (t.has("cron")) {
            lines.put("cron", t.at("cron").line());
        }
        return cron == null ? null : new Trigger(cron);
    }

    /** An inline source container, or a reference by name to an ecosystem container (kind null). */
    private static ContainerDef source(YamlMap c, String store) {
        Node n = c.raw("source");
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            return new ContainerDef(s.getValue(), null, null, null, null, null, c.at(n));
        }
        if (!(n instanceof MappingNode)) {
            c.problems().error(c.at(n), "yaml-shape", "source must be a container (kind, host, port, database) or the "
                    + "name of an ecosystem container");
            return null;
        }
        YamlMap s = YamlMap.open(n, c.file(), "source", EcosystemReader.CONTAINER_KEYS, c.problems());
        return EcosystemReader.container(s, s.string("name"), store + ": source");
    }

    private static Dataset dataset(YamlMap d) {
        List<Column> columns = new ArrayList<>();
        for (Node n : d.list("columns")) {
            YamlMap col = YamlMap.open(n, d.file(), "column", COLUMN_KEYS, d.problems());
            if (col != null) {
                columns.add(column(col));
            }
        }
        return new Dataset(d.required("name"), d.string("documentation"), d.strings("classifications"),
                d.string("watermark"), columns, d.atWith("watermark"));
    }

    private static Column column(YamlMap col) {
        String name = col.required("name");
        String typeText = col.required("type");
        SqlType type = null;
        if (typeText != null) {
            SqlType.Parsed parsed = SqlType.parse(typeText);
            type = parsed.type();
            if (type == null) {
                String hint = typeText.contains("(") && !typeText.contains(")")
                        ? "; inside { } a comma ends the value, so quote types with a comma: type: \"decimal(12,2)\""
                        : "";
                col.problems().error(col.at("type"), "unknown-type", "column '" + name + "': " + parsed.error() + hint);
            }
        }
        boolean primaryKey = col.bool("primaryKey", false);
        boolean nullable = col.bool("nullable", !primaryKey);
        return new Column(name, type, typeText, nullable, primaryKey, col.strings("classifications"), col.at());
    }
}

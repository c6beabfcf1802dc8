package io.datasurface.ingest.watermark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.ingest.jdbc.ValueJson;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON the watermark reader keeps. Values are by {@link ValueJson} (integers as numbers,
 * timestamps as ISO-8601 text); a dataset without a value is left out.
 * <ul>
 *   <li>position (of a committed batch): {@code {"highs":{"orders":1043,"events":"2024-05-01T10:00:00.000001"}}}</li>
 *   <li>restart point (within a batch): {@code {"lows":{…},"highs":{…},"dataset":"orders","after":[key values]}}
 *       — the range every step of the batch reads, and where the last step stopped.</li>
 * </ul>
 */
record WatermarkState(Map<String, JsonNode> lows, Map<String, JsonNode> highs, String dataset, JsonNode after) {

    static String position(Map<String, JsonNode> highs) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("highs", object(highs));
        return node.toString();
    }

    String restartPoint(SourceTable table, Object[] lastKey) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("lows", object(lows));
        node.set("highs", object(highs));
        node.put("dataset", table.dataset().name());
        node.set("after", ValueJson.toJson(table.keyTypes(), lastKey));
        return node.toString();
    }

    /** The highs of a previous batch's position; empty for null (the first batch). */
    static Map<String, JsonNode> parsePosition(String text) {
        if (text == null) {
            return Map.of();
        }
        JsonNode node = tree(text, "position");
        if (!node.path("highs").isObject()) {
            throw invalid("position", text);
        }
        return map(node.get("highs"));
    }

    /** @return null for null (a batch starting now) */
    static WatermarkState parseRestartPoint(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node = tree(text, "restart point");
        if (!node.path("lows").isObject() || !node.path("highs").isObject() || !node.path("dataset").isTextual()
                || !node.path("after").isArray()) {
            throw invalid("restart point", text);
        }
        return new WatermarkState(map(node.get("lows")), map(node.get("highs")), node.get("dataset").asText(),
                node.get("after"));
    }

    private static ObjectNode object(Map<String, JsonNode> values) {
        ObjectNode node = Json.mapper().createObjectNode();
        values.forEach(node::set);
        return node;
    }

    private static Map<String, JsonNode> map(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static JsonNode tree(String text, String what) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw invalid(what, text);
    }

    private static DatasurfaceException invalid(String what, String text) {
        return new DatasurfaceException("the watermark " + what + " '" + text + "' is not one this reader wrote", false);
    }
}

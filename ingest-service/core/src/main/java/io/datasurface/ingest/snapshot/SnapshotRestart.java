package io.datasurface.ingest.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datasurface.ingest.jdbc.SourceTable;
import io.datasurface.ingest.jdbc.ValueJson;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import io.datasurface.model.type.SqlType;
import java.util.List;

/**
 * Where a snapshot step stopped: {@code {"dataset":"orders","after":[42,"b"]}} — the dataset (model
 * name) being read and the key of its last row written, by {@link ValueJson}. Datasets before it in
 * the node's order are complete.
 */
record SnapshotRestart(String dataset, JsonNode after) {

    static String of(SourceTable table, Object[] lastKey) {
        return of(table.dataset().name(), table.keyTypes(), lastKey);
    }

    static String of(String dataset, List<SqlType> keyTypes, Object[] lastKey) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("dataset", dataset);
        node.set("after", ValueJson.toJson(keyTypes, lastKey));
        return node.toString();
    }

    /** @return null for null (a batch starting now) */
    static SnapshotRestart parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node != null && node.path("dataset").isTextual() && node.path("after").isArray()) {
                return new SnapshotRestart(node.get("dataset").asText(), node.get("after"));
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new DatasurfaceException("the snapshot restart point '" + text + "' is not one this reader wrote; "
                + "the batch must start again", false);
    }
}

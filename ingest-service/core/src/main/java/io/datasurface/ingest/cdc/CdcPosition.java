package io.datasurface.ingest.cdc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a CDC stream's committed batches end: the Debezium source offset of the last transaction's end (or
 * of the initial snapshot's completion), kept as JSON with the sealed batch. Transactions stream in commit
 * order, so the commit LSN orders them.
 */
record CdcPosition(Map<String, Object> offset) {
    private static final TypeReference<TreeMap<String, Object>> MAP = new TypeReference<>() { };

    CdcPosition {
        TreeMap<String, Object> normal = new TreeMap<>();
        // JSON reads small numbers back as Integer: keep every whole number a Long, so a parsed position equals its original
        offset.forEach((k, v) -> normal.put(k, v instanceof Integer || v instanceof Short ? ((Number) v).longValue() : v));
        offset = normal;
    }

    static CdcPosition of(Map<String, ?> sourceOffset) {
        return new CdcPosition(new TreeMap<>(sourceOffset));
    }

    /** @return null for null (no batch committed yet) */
    static CdcPosition parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            TreeMap<String, Object> map = Json.mapper().readValue(text, MAP);
            CdcPosition p = new CdcPosition(map);
            p.commitLsn();
            return p;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new DatasurfaceException("the stream's last position is not a CDC position: " + text, false, e);
        }
    }

    /** The LSN of the last transaction's commit (or of the snapshot's start). */
    long commitLsn() {
        Object lsn = offset.containsKey("lsn_commit") ? offset.get("lsn_commit") : offset.get("lsn");
        if (!(lsn instanceof Number n)) {
            throw new IllegalArgumentException("no lsn in " + offset);
        }
        return n.longValue();
    }

    boolean isAfter(CdcPosition other) {
        return commitLsn() > other.commitLsn();
    }

    @Override
    public String toString() {
        return Json.write(offset);
    }
}

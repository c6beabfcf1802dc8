package io.datasurface.ingest.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasurface.model.fault.DatasurfaceException;
import java.util.List;

/** Reading back the part every restart point has: the dataset being read and its last key written. */
public final class RestartKeys {
    private RestartKeys() {
    }

    /** The position of {@code dataset} among the stream's tables. */
    public static int indexOf(List<SourceTable> tables, String dataset, String stream) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).dataset().name().equals(dataset)) {
                return i;
            }
        }
        throw new DatasurfaceException("the restart point names dataset " + dataset + ", which stream " + stream
                + " no longer has; the batch must start again", false);
    }

    /** The key values of {@code after}, by the table's key types. */
    public static Object[] key(SourceTable table, JsonNode after) {
        try {
            return ValueJson.fromJson(table.keyTypes(), after);
        } catch (IllegalArgumentException e) {
            throw new DatasurfaceException("the restart point's key " + after + " does not fit dataset "
                    + table.dataset().name() + "'s key; the batch must start again", false, e);
        }
    }
}

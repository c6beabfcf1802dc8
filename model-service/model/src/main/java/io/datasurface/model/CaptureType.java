package io.datasurface.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** How a datastore's rows are captured. */
public enum CaptureType {
    /** Full snapshot over JDBC each batch; keys missing from it are deletes. */
    SQL_SNAPSHOT("sql-snapshot"),
    /** Rows whose watermark column moved past the previous high watermark. */
    SQL_WATERMARK("sql-watermark"),
    /** Change data capture from the source's log (Debezium). */
    CDC("cdc");

    private final String yaml;

    CaptureType(String yaml) {
        this.yaml = yaml;
    }

    /** The model's spelling, also the JSON form in graphs and events. */
    @JsonValue
    public String yaml() {
        return yaml;
    }

    public static Optional<CaptureType> fromYaml(String text) {
        return Arrays.stream(values()).filter(m -> m.yaml.equals(text)).findFirst();
    }

    @JsonCreator
    static CaptureType fromJson(String text) {
        return fromYaml(text).orElseThrow(() -> new IllegalArgumentException("unknown capture type '" + text + "'"));
    }
}

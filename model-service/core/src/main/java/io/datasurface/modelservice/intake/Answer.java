package io.datasurface.modelservice.intake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, a JSON body (null for none) and headers. */
public record Answer(int status, Object body, Map<String, String> headers) {
    public Answer {
        headers = Map.copyOf(headers);
    }

    static Answer json(int status, Object body) {
        return new Answer(status, body, Map.of());
    }

    /** {@code {"error": message}}; the message says what to do. */
    static Answer error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    static Answer noContent() {
        return new Answer(204, null, Map.of());
    }

    /** 503 with {@code Retry-After} in whole seconds. */
    static Answer busy(String message, Duration retryAfter) {
        return new Answer(503, Map.of("error", message), Map.of("Retry-After",
                Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }
}

package io.datasurface.modelservice.app;

import io.datasurface.model.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** JSON answers, written with the model library's one JSON mapping. */
final class Responses {
    private Responses() {
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.write(body)).build();
    }

    static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}

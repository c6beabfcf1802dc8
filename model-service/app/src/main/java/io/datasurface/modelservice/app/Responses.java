package io.datasurface.modelservice.app;

import io.datasurface.model.json.Json;
import io.datasurface.modelservice.intake.Answer;
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

    /** The core's answer as it is. */
    static Response of(Answer answer) {
        Response.ResponseBuilder r = Response.status(answer.status());
        if (answer.body() != null) {
            r.type(MediaType.APPLICATION_JSON).entity(Json.write(answer.body()));
        }
        answer.headers().forEach(r::header);
        return r.build();
    }
}

package io.datasurface.modelservice.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Every ingestion stream's status, from the stream-status table: {@code GET /streams} (sorted by stream;
 * empty while the table is not available) and {@code GET /streams/{platform}/{stream}}, where {@code stream}
 * is the datastore, or {@code store/dataset} for a single-dataset store.
 */
@Path("/streams")
public class StreamStatusResource {
    private final StreamStatusService service;

    StreamStatusResource(StreamStatusService service) {
        this.service = service;
    }

    @GET
    public Response streams() {
        return Responses.json(200, service.table().all());
    }

    @GET
    @Path("/{platform}/{stream: .+}")
    public Response stream(@PathParam("platform") String platform, @PathParam("stream") String stream) {
        String key = platform + "/" + stream;
        return service.table().get(key).map(v -> Responses.json(200, v)).orElseGet(() -> service.table().available()
                ? Responses.error(404, "no status for stream " + key + " (no event of it seen)")
                : Responses.error(503, "stream status is not available yet (" + service.table().state() + ")"));
    }
}

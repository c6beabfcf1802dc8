package io.datasurface.modelservice.app;

import io.datasurface.auth.AdminAccess;
import io.datasurface.modelservice.streams.StreamStatusView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Every ingestion stream's status, from the stream-status table: {@code GET /streams} (sorted by stream;
 * empty while the table is not available) and {@code GET /streams/{platform}/{stream}}, where {@code stream}
 * is the datastore, or {@code store/dataset} for a single-dataset store. Open to all, but a stream's
 * {@code message} (why it is parked: it may name the source's address and login) only with the admin token.
 */
@Path("/streams")
public class StreamStatusResource {
    private final StreamStatusService service;
    private final AdminAccess admin;

    StreamStatusResource(StreamStatusService service, AdminAccess admin) {
        this.service = service;
        this.admin = admin;
    }

    @GET
    public Response streams(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        boolean messages = admin.admits(authorization);
        return Responses.json(200, service.table().all().stream().map(v -> shown(v, messages)).toList());
    }

    @GET
    @Path("/{platform}/{stream: .+}")
    public Response stream(@PathParam("platform") String platform, @PathParam("stream") String stream,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String key = platform + "/" + stream;
        boolean messages = admin.admits(authorization);
        return service.table().get(key).map(v -> Responses.json(200, shown(v, messages)))
                .orElseGet(() -> service.table().available()
                        ? Responses.error(404, "no status for stream " + key + " (no event of it seen)")
                        : Responses.error(503, "stream status is not available yet (" + service.table().state() + ")"));
    }

    private static StreamStatusView shown(StreamStatusView v, boolean withMessage) {
        return withMessage ? v : v.withoutMessage();
    }
}

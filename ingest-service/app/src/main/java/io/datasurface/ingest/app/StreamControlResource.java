package io.datasurface.ingest.app;

import io.datasurface.auth.AdminOnly;
import io.datasurface.ingest.schedule.StreamScheduler;
import io.datasurface.model.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /streams}: every stream with whether this instance runs it ({@code runHere}; the others run on
 * another instance, which alone knows their state), its state (WAITING, QUEUED, RUNNING, PARKED), next run, last
 * outcome and error, and its current batch (id, open or sealed, rows read). {@code POST /streams/{platform}/{stream}/trigger} runs a stream's next step now;
 * {@code POST /streams/{platform}/{stream}/reset} unparks a stream that failed;
 * {@code POST /streams/{platform}/{stream}/restart} makes its next batch read the whole source (after the
 * merge-service parked it). {@code stream} is the datastore, or {@code store/dataset} for a single-dataset store.
 * All need the admin token: they run work, and errors name the sources' addresses and logins.
 */
@Path("/streams")
@AdminOnly
public class StreamControlResource {
    private final IngestEngine engine;

    StreamControlResource(IngestEngine engine) {
        this.engine = engine;
    }

    @GET
    public Response streams() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StreamScheduler.StreamView v : engine.scheduler().streams()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stream", v.stream());
            m.put("runHere", v.assigned());
            m.put("trigger", v.trigger());
            m.put("state", v.state());
            m.put("nextRun", v.nextRun());
            m.put("lastRun", v.lastRun());
            m.put("lastOutcome", v.lastOutcome());
            m.put("lastMessage", v.lastMessage());
            m.put("steps", v.steps());
            engine.state(v.stream()).ifPresent(st -> {
                m.put("batch", st.batchId());
                m.put("batchOpen", st.open());
                m.put("batchRows", st.rows().values().stream().mapToLong(Long::longValue).sum());
            });
            out.add(m);
        }
        return json(200, out);
    }

    @POST
    @Path("/{platform}/{stream: .+}/trigger")
    public Response trigger(@PathParam("platform") String platform, @PathParam("stream") String stream) {
        String key = platform + "/" + stream;
        var view = engine.scheduler().stream(key);
        if (view.isEmpty()) {
            return json(404, Map.of("error", "no stream " + key + " in the graphs this service runs"));
        }
        if (!view.get().assigned()) {
            return elsewhere(key);
        }
        if (view.get().state() == StreamScheduler.State.PARKED) {
            return json(409, Map.of("error", "stream " + key + " is parked after an error (" + view.get().lastMessage()
                    + "); reset it first: POST /streams/" + key + "/reset"));
        }
        engine.scheduler().trigger(key);
        return json(202, Map.of("stream", key, "status", "triggered"));
    }

    @POST
    @Path("/{platform}/{stream: .+}/reset")
    public Response reset(@PathParam("platform") String platform, @PathParam("stream") String stream) {
        String key = platform + "/" + stream;
        var view = engine.scheduler().stream(key);
        if (view.isEmpty()) {
            return json(404, Map.of("error", "no stream " + key + " in the graphs this service runs"));
        }
        if (!view.get().assigned()) {
            return elsewhere(key);
        }
        if (!engine.scheduler().reset(key)) {
            return json(409, Map.of("error", "stream " + key + " is not parked"));
        }
        return json(200, Map.of("stream", key, "status", "queued"));
    }

    @POST
    @Path("/{platform}/{stream: .+}/restart")
    public Response restart(@PathParam("platform") String platform, @PathParam("stream") String stream) {
        String key = platform + "/" + stream;
        var view = engine.scheduler().stream(key);
        if (view.isPresent() && !view.get().assigned()) {
            return elsewhere(key);
        }
        if (!engine.restart(key)) {
            return json(404, Map.of("error", "no stream " + key + " in the graphs this service runs"));
        }
        return json(202, Map.of("stream", key, "status", "restarting: its next batch reads the whole source"));
    }

    /** 409: the stream is another instance's (each stream runs on one instance of the group at a time). */
    private static Response elsewhere(String key) {
        return json(409, Map.of("error", "stream " + key + " runs on another ingest-service instance; ask that one"
                + " (GET /streams there shows it with runHere true)"));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.write(body)).build();
    }
}

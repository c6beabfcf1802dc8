package io.datasurface.modelservice.app;

import io.datasurface.auth.AdminOnly;
import io.datasurface.model.Model;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.load.ModelLoader;
import io.datasurface.modelservice.deploy.CatalogViews;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalog of the current model: {@code GET /catalog/...}, JSON. 404 until a model is deployed. The model's
 * version, datastores and workspaces are open to all; the graph and the recent deployments need the admin token.
 */
@Path("/catalog")
public class CatalogResource {
    private final ModelService service;
    private volatile Current cached;

    private record Current(java.nio.file.Path folder, Model model) {
    }

    CatalogResource(ModelService service) {
        this.service = service;
    }

    @GET
    public Response version() {
        return withModel(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", c.folder().getFileName().toString());
            service.folders().info(c.folder()).ifPresent(i -> {
                m.put("commit", i.commit());
                m.put("sourceRepo", i.sourceRepo());
                m.put("executionId", i.executionId());
                m.put("deployedAt", i.deployedAt());
            });
            m.put("platforms", c.model().platforms().stream().map(CatalogViews::platform).toList());
            return Responses.json(200, m);
        });
    }

    @GET
    @Path("/datastores")
    public Response datastores() {
        return withModel(c -> Responses.json(200, c.model().datastores().stream().map(CatalogViews::datastore).toList()));
    }

    @GET
    @Path("/datastores/{name}")
    public Response datastore(@PathParam("name") String name) {
        return withModel(c -> c.model().datastore(name).map(s -> Responses.json(200, CatalogViews.datastore(s)))
                .orElseGet(() -> Responses.error(404, "no datastore '" + name + "' in the current model")));
    }

    @GET
    @Path("/workspaces")
    public Response workspaces() {
        return withModel(c -> Responses.json(200, c.model().workspaces().stream()
                .map(w -> CatalogViews.workspace(c.model(), w)).toList()));
    }

    /** Admin only: the graph names every source's and the merge store's address, and the credentials' names. */
    @GET
    @Path("/platforms/{name}/graph")
    @AdminOnly
    public Response graph(@PathParam("name") String name) {
        return withModel(c -> c.model().platform(name).isEmpty()
                ? Responses.error(404, "no platform '" + name + "' in the current model")
                : Responses.json(200, CatalogViews.graph(GraphBuilder.build(c.model(), name))));
    }

    /** Admin only: the recent deployments (their problems quote the model, their errors name repositories). */
    @GET
    @Path("/deployments")
    @AdminOnly
    public Response deployments() {
        return Responses.json(200, service.log().recent(20));
    }

    private Response withModel(Function<Current, Response> answer) {
        Optional<java.nio.file.Path> folder = service.folders().current();
        if (folder.isEmpty()) {
            return Responses.error(404, "no model has been deployed yet");
        }
        Current c = cached;
        if (c == null || !c.folder().equals(folder.get())) {
            c = new Current(folder.get(), ModelLoader.load(folder.get()).model());
            cached = c;
        }
        return answer.apply(c);
    }

}

package io.datasurface.modelservice.app;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /deployments}: deploy a repository ({@code {"repoUrl": …, "ref": …}}) or, when allowed, a folder
 * on the server ({@code {"path": …}}), optionally naming {@code sourceRepo} and allowing a rollback
 * ({@code "allowRollback": true}); {@code ?wait=true} answers when the deployment is done.
 * {@code GET /deployments}: the recent deployments with their problems. Both need
 * {@code Authorization: Bearer <webhook secret>}; the core's {@code DeploymentsApi} answers.
 */
@Path("/deployments")
public class DeploymentsResource {
    private final ModelService service;

    DeploymentsResource(ModelService service) {
        this.service = service;
    }

    @POST
    public Response deploy(@HeaderParam("Authorization") String authorization,
                           @QueryParam("wait") @DefaultValue("false") boolean wait, byte[] body)
            throws InterruptedException {
        return Responses.of(service.api().deploy(authorization, wait, body));
    }

    @GET
    public Response recent(@HeaderParam("Authorization") String authorization,
                           @QueryParam("limit") @DefaultValue("20") int limit) {
        return Responses.of(service.api().recent(authorization, limit));
    }
}

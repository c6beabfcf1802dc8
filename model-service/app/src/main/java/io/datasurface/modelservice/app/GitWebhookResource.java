package io.datasurface.modelservice.app;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** {@code POST /webhooks/git}: GitHub and GitLab push events, answered by the core's {@code WebhookIntake}. */
@Path("/webhooks/git")
public class GitWebhookResource {
    private final ModelService service;

    GitWebhookResource(ModelService service) {
        this.service = service;
    }

    @POST
    public Response push(@Context HttpHeaders headers, byte[] body) {
        return Responses.of(service.webhooks().handle(headers::getHeaderString, body));
    }
}

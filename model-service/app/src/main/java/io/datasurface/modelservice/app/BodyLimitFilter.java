package io.datasurface.modelservice.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Refuses a body that announces more bytes than the limit before it is read (the core checks what it gets, too). */
@Provider
@PreMatching
public class BodyLimitFilter implements ContainerRequestFilter {
    private final ModelService service;

    BodyLimitFilter(ModelService service) {
        this.service = service;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > 0 && service.limit() != null) {
            service.limit().refuse(request.getLength()).ifPresent(a -> request.abortWith(Responses.of(a)));
        }
    }
}

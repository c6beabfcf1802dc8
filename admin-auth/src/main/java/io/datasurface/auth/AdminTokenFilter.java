package io.datasurface.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a request to an {@link AdminOnly} endpoint with 401 unless it carries the admin token:
 * {@code {"error": "…"}} saying what is missing, and {@code WWW-Authenticate: Bearer} (RFC 6750).
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {
    static final String REALM = "Bearer realm=\"datasurface\"";

    private final AdminAccess access;

    AdminTokenFilter(AdminAccess access) {
        this.access = access;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        AdminToken.Verdict verdict = access.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (verdict != AdminToken.Verdict.ADMITTED) {
            request.abortWith(unauthorized(verdict));
        }
    }

    static Response unauthorized(AdminToken.Verdict verdict) {
        String message = switch (verdict) {
            case MISSING -> "this endpoint needs the service's admin token: send 'Authorization: Bearer <token>' "
                    + "(the token is datasurface.admin.token)";
            case WRONG -> "the admin token is wrong";
            default -> "this service has no admin token (datasurface.admin.token or datasurface.admin.token-file), "
                    + "so its admin endpoints are closed";
        };
        String challenge = verdict == AdminToken.Verdict.WRONG ? REALM + ", error=\"invalid_token\"" : REALM;
        // the messages are fixed texts without quotes or backslashes: no JSON library needed
        return Response.status(Response.Status.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON).entity("{\"error\":\"" + message + "\"}").build();
    }
}

package io.datasurface.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The service's {@link AdminToken}, read from {@link AdminConfig} when the service starts (a bad setting stops
 * it, saying why). Resources that show more to an admin than to anyone ask {@link #admits}. Application scoped,
 * so that the REST filter, made before the configuration is read, holds a proxy that reads it when first used.
 */
@ApplicationScoped
public class AdminAccess {
    private static final Logger LOG = Logger.getLogger(AdminAccess.class);

    private final AdminToken token;

    AdminAccess(AdminConfig config) {
        this.token = AdminToken.of(config.token(), config.tokenFile());
    }

    void started(@Observes StartupEvent startup) {
        if (!token.configured()) {
            LOG.warn("no admin token is configured (datasurface.admin.token or datasurface.admin.token-file): "
                    + "the admin endpoints answer 401 to everyone");
        }
    }

    public AdminToken.Verdict check(String authorization) {
        return token.check(authorization);
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    public boolean admits(String authorization) {
        return token.admits(authorization);
    }
}

package io.datasurface.auth;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The admin token of a service ({@code datasurface.admin.*}, the same keys in every service, like
 * {@code datasurface.kafka.*}). Give it from the environment ({@code DATASURFACE_ADMIN_TOKEN}) or a mounted
 * file, never a properties file in the image or a command line. Without one, admin endpoints answer 401.
 */
@ConfigMapping(prefix = "datasurface.admin")
public interface AdminConfig {
    /** The token callers of admin endpoints send as {@code Authorization: Bearer <token>}; 16 characters or more. */
    Optional<String> token();

    /** A file holding the token (a mounted secret; surrounding whitespace is ignored), instead of {@link #token()}. */
    Optional<Path> tokenFile();
}

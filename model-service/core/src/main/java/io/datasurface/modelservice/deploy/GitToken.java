package io.datasurface.modelservice.deploy;

import java.util.Locale;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * The git access token and the one host it belongs to. It is given only over HTTPS to that host (and port), so
 * a repository elsewhere that answers 401, or a redirect to another host, never sees it. Answers nothing but a
 * user name and password: never "skip certificate checks".
 */
final class GitToken extends CredentialsProvider {
    private static final String USER = "x-access-token";

    private final String token;
    private final String host;
    private final int port;

    /**
     * @param token   the token
     * @param hostPort the host it belongs to, {@code github.com} or {@code git.acme.com:8443}
     */
    GitToken(String token, String hostPort) {
        this.token = token;
        int colon = hostPort.lastIndexOf(':');
        this.host = (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
        this.port = colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
    }

    /** Whether a request to this address may carry the token. */
    boolean belongsTo(String scheme, String host, int port) {
        return "https".equalsIgnoreCase(scheme) && this.host.equalsIgnoreCase(host)
                && (this.port < 0 ? port < 0 || port == 443 : port == this.port);
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem i : items) {
            if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        if (!belongsTo(uri.getScheme(), uri.getHost(), uri.getPort()) || !supports(items)) {
            return false;
        }
        for (CredentialItem i : items) {
            if (i instanceof CredentialItem.Username u) {
                u.setValue(USER);
            } else if (i instanceof CredentialItem.Password p) {
                p.setValue(token.toCharArray());
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "a git token for " + host + (port < 0 ? "" : ":" + port); // never the token
    }
}

package io.datasurface.model.lint;

import io.datasurface.model.ContainerDef;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.problem.Problems;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container (an ecosystem container or a datastore's inline source) addresses one database and nothing
 * more: a host that is only a host, a database that is only a name, a port in range, and a JDBC URL that
 * {@link JdbcPolicy} lets the services open, without a password. (Missing fields and unknown kinds are
 * reported by the loader, which can tell a missing key from a malformed one.)
 */
final class ContainerRules {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=");

    private ContainerRules() {
    }

    static void check(ContainerDef c, String what, Problems p) {
        if (c.port() != null && (c.port() < 1 || c.port() > 65535)) {
            p.error(c.at().of("port"), "invalid-container", what + " has port " + c.port() + "; use 1-65535");
        }
        if (ContainerDef.POSTGRES.equals(c.kind())) {
            if (c.host() != null && !JdbcPolicy.isHost(c.host())) {
                p.error(c.at().of("host"), "invalid-container", what + " has host '" + c.host() + "', which is not "
                        + "a host name or IP address; write only the host (port and database have keys of their own)");
            }
            if (c.database() != null && !JdbcPolicy.isDatabase(c.database())) {
                p.error(c.at().of("database"), "invalid-container", what + " has database '" + c.database()
                        + "'; a database name may hold only letters, digits, '_', '.', '$' and '-'");
            }
        } else if (ContainerDef.JDBC.equals(c.kind()) && c.url() != null && c.url().startsWith("jdbc:")) {
            url(c, what, p);
        }
    }

    private static void url(ContainerDef c, String what, Problems p) {
        var at = c.at().of("url");
        JdbcPolicy policy = JdbcPolicy.POSTGRES_AND_H2;
        policy.unsupportedDriver(c.url()).ifPresent(reason ->
                p.error(at, "unsupported-source", what + ": " + reason));
        policy.unsafeParameters(c.url()).ifPresent(reason ->
                p.error(at, "unsafe-url", what + ": " + reason));
        if (PASSWORD_PARAMETER.matcher(c.url()).find()) {
            p.error(at, "secret-in-model", what + ": the URL carries a password, which would then be in git for "
                    + "everyone who can read the model; remove it and name a credential instead");
        }
        if (JdbcPolicy.isH2(c.url())) {
            p.warning(at, "test-only-source", what + " is an H2 database (" + c.url().toLowerCase(Locale.ROOT)
                    .replaceFirst("^(jdbc:h2:[a-z]+:).*", "$1") + "…): only 'datasurface run-job --allow-h2' reads "
                    + "it, for tests and local trials; the ingest-service refuses it");
        }
    }
}

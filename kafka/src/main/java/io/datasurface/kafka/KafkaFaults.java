package io.datasurface.kafka;

import io.datasurface.model.fault.DatasurfaceException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Kafka's errors as faults that say what to do: a login Kafka refused (wrong SASL credentials, a certificate it
 * does not trust) or a missing permission needs someone to change the settings; anything else (a broker that
 * does not answer, a leader moving) may pass by itself.
 */
public final class KafkaFaults {
    private static final String SETTINGS = "datasurface.kafka.* (security.protocol, sasl.mechanism, sasl.jaas.config,"
            + " ssl.truststore.*, ssl.keystore.*; or the client properties file)";

    private KafkaFaults() {
    }

    /** @param doing what was being done, e.g. "reading the graph topic" */
    public static DatasurfaceException of(String doing, Throwable e) {
        if (e instanceof DatasurfaceException d) {
            return d;
        }
        if (e instanceof SslAuthenticationException) {
            return new DatasurfaceException(doing + ": the TLS handshake with Kafka failed (" + reason(e)
                    + "); check the trust store and certificates in " + SETTINGS, false, e);
        }
        if (e instanceof AuthenticationException) {
            return new DatasurfaceException(doing + ": Kafka refused the service's login (" + reason(e)
                    + "); check the user and password in " + SETTINGS, false, e);
        }
        if (e instanceof AuthorizationException) {
            return new DatasurfaceException(doing + ": Kafka refused the service (" + reason(e) + "); give the "
                    + "service's Kafka user the permissions docs/security.md lists", false, e);
        }
        return new DatasurfaceException(doing + ": " + reason(e), true, e);
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

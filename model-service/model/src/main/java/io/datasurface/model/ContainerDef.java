package io.datasurface.model;

import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.problem.Location;

/**
 * A data container: a database the platform reads from or writes to. Kind {@code postgres} is
 * addressed by host, port and database; kind {@code jdbc} by a JDBC URL (any engine with a driver).
 * {@code name} is null for a container written inline in a datastore.
 */
public record ContainerDef(String name, String kind, String host, Integer port, String database, String url,
                           Location at) {
    public static final String POSTGRES = "postgres";
    public static final String JDBC = "jdbc";

    /** {@code host:port/database} or the JDBC URL without passwords ({@link DatabaseUrl#redact}), for messages. */
    public String address() {
        return JDBC.equals(kind) ? String.valueOf(DatabaseUrl.redact(url)) : host + ":" + port + "/" + database;
    }
}

package io.datasurface.model.graph;

import io.datasurface.model.ContainerDef;

/** Where a database is: {@code postgres} by host, port and database, {@code jdbc} by URL. No secrets. */
public record ContainerSpec(String kind, String host, Integer port, String database, String url) {
    static ContainerSpec of(ContainerDef c) {
        return c == null ? null : new ContainerSpec(c.kind(), c.host(), c.port(), c.database(), c.url());
    }
}

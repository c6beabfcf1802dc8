package io.datasurface.merge.job;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;

class ChunkedLoadPg16IT extends ChunkedLoadContract {
    @Override
    EmbeddedPostgresServer server() {
        return PostgresExtension.server(PostgresVersion.V16);
    }
}

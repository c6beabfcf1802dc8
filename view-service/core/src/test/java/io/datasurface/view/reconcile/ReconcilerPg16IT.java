package io.datasurface.view.reconcile;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;

class ReconcilerPg16IT extends ReconcilerContract {
    @Override
    EmbeddedPostgresServer server() {
        return PostgresExtension.server(PostgresVersion.V16);
    }
}

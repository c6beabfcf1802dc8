package io.datasurface.ingest.snapshot;

import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;
import java.sql.Connection;

class SnapshotReaderPg15IT extends SnapshotReaderContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.postgres(PostgresVersion.V15);
    }

    @Override
    int expectedIsolation() {
        return Connection.TRANSACTION_REPEATABLE_READ;
    }
}

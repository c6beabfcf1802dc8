package io.datasurface.ingest.snapshot;

import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;

class SourceChecksPg15IT extends SourceChecksContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.postgres(PostgresVersion.V15);
    }
}

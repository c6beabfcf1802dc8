package io.datasurface.ingest.snapshot;

import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;

class SnapshotReaderH2FileIT extends SnapshotReaderContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.h2File(directory);
    }

    /** H2's SNAPSHOT level: its REPEATABLE READ fixes each table only when first read. */
    @Override
    int expectedIsolation() {
        return 6;
    }
}

package io.datasurface.ingest.snapshot;

import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;

class SourceChecksH2IT extends SourceChecksContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.h2Memory();
    }
}

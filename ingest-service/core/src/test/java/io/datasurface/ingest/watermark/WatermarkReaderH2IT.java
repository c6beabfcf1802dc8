package io.datasurface.ingest.watermark;

import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;

class WatermarkReaderH2IT extends WatermarkReaderContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.h2Memory();
    }
}

package io.datasurface.ingest.watermark;

import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.SourceDb;
import java.nio.file.Path;

class WatermarkReaderPg17IT extends WatermarkReaderContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.postgres(PostgresVersion.V17);
    }
}

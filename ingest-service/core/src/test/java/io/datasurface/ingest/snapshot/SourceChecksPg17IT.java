package io.datasurface.ingest.snapshot;

import static io.datasurface.ingest.Streams.col;
import static io.datasurface.ingest.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.RecordingSink;
import io.datasurface.ingest.SourceDb;
import io.datasurface.ingest.Streams;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.IngestionNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SourceChecksPg17IT extends SourceChecksContract {
    @Override
    SourceDb source(Path directory) {
        return SourceDb.postgres(PostgresVersion.V17);
    }

    @Test
    void aBackendTerminatedByTheServerMidReadIsARetriableFault() throws SQLException {
        db.execute("CREATE TABLE big (id integer PRIMARY KEY, pad varchar(20))");
        db.insert("big", rows(500));
        Connection c = db.connect();
        int pid;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        IngestionNode node = Streams.snapshot("s").dataset("big", key("id", "integer"), col("pad", "varchar(20)")).node();
        RecordingSink sink = new RecordingSink().onRow(e -> {
            if (e.values().get(0).equals(5)) {
                db.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
        });
        try (SnapshotReader reader = new SnapshotReader(node, c, 10)) {
            DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                    () -> reader.read(null, null, 100, sink));
            assertThat(e).isNotNull();
            assertThat(e.retriable()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).contains("reading source table big").doesNotContain("jdbc:");
        }
    }
}

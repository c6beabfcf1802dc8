package io.datasurface.bench;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;

/** COPY TO STDOUT on one connection piped into COPY FROM STDIN on another, as fast as PostgreSQL goes. */
final class CopyPipe {
    private CopyPipe() {
    }

    /** Copies and closes both connections; returns the seconds taken. */
    static double copy(Connection from, String copyOut, Connection to, String copyIn) throws Exception {
        try (from; to) {
            PipedOutputStream out = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(out, 1 << 20);
            long t = System.nanoTime();
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                try (out) {
                    return from.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, out);
                } catch (SQLException | IOException e) {
                    throw new UncheckedIOException(new IOException(e));
                }
            });
            to.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn, in);
            writer.get();
            return MergeBenchmark.secs(t);
        }
    }
}

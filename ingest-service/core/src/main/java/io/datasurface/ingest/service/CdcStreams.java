package io.datasurface.ingest.service;

import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.model.graph.IngestionNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The change-capture readers of the ingest-service's {@code cdc} streams, kept from step to step (each stream
 * runs one step at a time), and the dropping of a retired stream's replication slot.
 */
final class CdcStreams {
    private static final Logger LOG = Logger.getLogger(CdcStreams.class);
    private static final int DROP_ATTEMPTS = 10;

    private final Map<String, CdcReader> readers = new ConcurrentHashMap<>();
    private final SourceConnections sources;
    private final int chunkRows;
    /** A stream's last committed position, null before its first batch. */
    private final Function<String, String> committedPosition;

    CdcStreams(SourceConnections sources, int chunkRows, Function<String, String> committedPosition) {
        this.sources = sources;
        this.chunkRows = chunkRows;
        this.committedPosition = committedPosition;
    }

    /** The stream's reader, made again when the stream's definition changed since it was made. */
    CdcReader reader(IngestionNode node) {
        CdcReader kept = readers.get(node.key());
        if (kept != null && kept.node().equals(node)) {
            return kept;
        }
        close(node.key());
        CdcReader made = sources.cdcReader(node, chunkRows, committedPosition.apply(node.key()));
        readers.put(node.key(), made);
        return made;
    }

    /**
     * Throws the stream's reader away if it is still {@code reader} (after a step of it failed: it may have taken
     * changes it did not send), not a reader made since by a later stay of the stream here.
     */
    void close(String stream, CdcReader reader) {
        if (readers.remove(stream, reader)) {
            reader.close();
        }
    }

    /** Throws the stream's reader away. */
    void close(String stream) {
        CdcReader reader = readers.remove(stream);
        if (reader != null) {
            reader.close();
        }
    }

    /**
     * Stops the stream's change capture and drops its replication slot and publication, on {@code workers}:
     * closing waits for a step of the stream that is still running, and the slot is in use until then.
     */
    void retire(IngestionNode gone, ExecutorService workers) {
        workers.submit(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    close(gone.key());
                    sources.dropCdcSlot(gone);
                    LOG.infof("%s retired: replication slot and publication dropped", gone.key());
                    return;
                } catch (RuntimeException e) {
                    if (attempt == DROP_ATTEMPTS) {
                        LOG.warnf("%s retired, but its replication slot could not be dropped (drop it by hand, it keeps"
                                + " WAL): %s", gone.key(), e.getMessage());
                        return;
                    }
                    try {
                        Thread.sleep(1000); // the slot is still in use by a step that is ending
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        });
    }

    /**
     * Takes the readers of the streams {@code which} matches (given up to another instance) out at once and closes
     * them on {@code closer}: closing waits for a step still reading, which a CDC snapshot can make minutes long.
     */
    void closeWhere(java.util.function.Predicate<String> which, java.util.concurrent.Executor closer) {
        for (String stream : readers.keySet().stream().filter(which).toList()) {
            CdcReader reader = readers.remove(stream);
            if (reader != null) {
                Runnable close = () -> {
                    try {
                        reader.close();
                    } catch (RuntimeException e) {
                        LOG.warnf("%s: closing its change capture failed: %s", stream, e.getMessage());
                    }
                };
                try {
                    closer.execute(close);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    close.run(); // the service stops: no step runs any more
                }
            }
        }
    }

    void closeAll() {
        readers.values().forEach(CdcReader::close);
        readers.clear();
    }
}

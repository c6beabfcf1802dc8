package io.datasurface.ingest.source;

import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.cdc.CdcSlots;
import io.datasurface.ingest.jdbc.SourceSession;
import io.datasurface.ingest.snapshot.DiffSnapshotReader;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.ingest.watermark.WatermarkReader;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.credential.JdbcPolicy;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a stream's reader over its source database, the one way for the ingest-service and {@code run-job}:
 * the reader its capture needs, the address from the graph (see {@link Databases}), the login from a
 * credential store. Messages name the address, never a password.
 */
public final class SourceConnections {
    private static final Pattern JDBC_POSTGRES = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*");

    private final CredentialStore credentials;
    private final String applicationName;
    private final JdbcPolicy policy;

    /**
     * @param applicationName the name the connections show in the source's activity
     * @param policy          which sources may be opened: {@link JdbcPolicy#POSTGRES_ONLY} but for tests and
     *                        local trials
     */
    public SourceConnections(CredentialStore credentials, String applicationName, JdbcPolicy policy) {
        this.credentials = credentials;
        this.applicationName = applicationName;
        this.policy = policy;
    }

    /** PostgreSQL sources only. */
    public SourceConnections(CredentialStore credentials, String applicationName) {
        this(credentials, applicationName, JdbcPolicy.POSTGRES_ONLY);
    }

    public SourceConnections(CredentialStore credentials) {
        this(credentials, "datasurface-ingest");
    }

    /**
     * The reader of a stream read step by step ({@code sql-snapshot}, {@code sql-watermark}), over a new
     * connection to the source the graph names (closed with the reader).
     *
     * @throws DatasurfaceException when the source cannot be reached, or the stream is read continuously ({@code cdc})
     */
    public BatchSource reader(IngestionNode node, int chunkRows) {
        return reader(node, url(node), chunkRows);
    }

    /** The same, over the source at {@code source} instead of the one the graph names. */
    public BatchSource reader(IngestionNode node, DatabaseUrl source, int chunkRows) {
        if (node.continuous()) {
            throw new DatasurfaceException("stream " + node.key() + " is captured by " + node.capture().yaml()
                    + ", which the ingest-service reads continuously; only sql-snapshot and sql-watermark streams are"
                    + " read a step at a time", false);
        }
        Connection c = Databases.open(Databases.withCredential(source, node.credential(), credentials),
                "the source of " + node.store(), applicationName, policy);
        return switch (node.capture()) {
            case SQL_SNAPSHOT -> new SnapshotReader(node, c, chunkRows);
            case SQL_WATERMARK -> new WatermarkReader(node, c, chunkRows);
            case CDC -> throw new IllegalStateException("cdc is read continuously");
        };
    }

    /**
     * As {@link #reader(IngestionNode, DatabaseUrl, int)}, but the batches of a {@code sql-snapshot} stream carry only
     * what changed since the merge store's last committed batch ({@link DiffSnapshotReader}, which reads the stream's
     * merge tables in {@code schema} over {@code mergeStore}); other streams' readers are as there. The reader owns
     * {@code mergeStore} in either case.
     *
     * @param source the source, or null for the one the graph names
     */
    public BatchSource changesReader(IngestionNode node, DatabaseUrl source, int chunkRows, Connection mergeStore,
                                     String schema, Milestoning milestoning) {
        if (node.capture() != CaptureType.SQL_SNAPSHOT) {
            closeQuietly(mergeStore);
            return reader(node, source == null ? url(node) : source, chunkRows);
        }
        try {
            Connection c = Databases.open(Databases.withCredential(source == null ? url(node) : source,
                    node.credential(), credentials), "the source of " + node.store(), applicationName, policy);
            return new DiffSnapshotReader(node, c, chunkRows, mergeStore, schema, milestoning);
        } catch (RuntimeException e) {
            closeQuietly(mergeStore);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // not used yet: nothing to lose
        }
    }

    /**
     * The change-capture reader of a {@code cdc} stream over a PostgreSQL source, to keep across steps.
     *
     * @param committed the position of the stream's last committed batch, null before its first
     */
    public CdcReader cdcReader(IngestionNode node, int chunkRows, String committed) {
        ContainerSpec source = node.source();
        DatabaseUrl url = url(node);
        String host;
        int port;
        String database;
        if ("jdbc".equals(source.kind())) {
            Matcher m = JDBC_POSTGRES.matcher(url.jdbcUrl());
            if (!m.matches()) {
                throw new DatasurfaceException("stream " + node.key() + ": CDC reads PostgreSQL only, and "
                        + url.redacted() + " is not a jdbc:postgresql://host[:port]/database URL", false);
            }
            host = m.group(1);
            port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
            database = m.group(3);
        } else {
            host = source.host();
            port = source.port() == null ? 5432 : source.port();
            database = source.database();
        }
        Connection c = open(node);
        return new CdcReader(node, new CdcReader.Address(host, port, database, url.credential().orElse(null)), c,
                chunkRows, committed);
    }

    private DatabaseUrl url(IngestionNode node) {
        return Databases.address(node.source(), node.credential(), credentials, "the source of " + node.store());
    }

    /**
     * Checks each dataset of a stream against its source table as the stream's reader does before its
     * first batch (the table and columns are there, each source type fits the model's, an enum's values
     * are the model's, change data capture can carry what the model reads as text), without reading a row.
     *
     * @return by dataset name, the message of each dataset that does not fit; empty when all do
     * @throws DatasurfaceException when the source cannot be reached or read (the message names its
     *                              address, never a password)
     */
    public Map<String, String> check(IngestionNode node) {
        Map<String, String> misfits = new LinkedHashMap<>();
        try (SourceSession session = SourceSession.open(open(node))) {
            for (DatasetSpec dataset : node.datasets()) {
                try {
                    session.catalog().table(dataset, node.capture() == CaptureType.SQL_WATERMARK,
                            node.capture() != CaptureType.CDC);
                } catch (DatasurfaceException e) {
                    if (e.retriable()) {
                        throw e;
                    }
                    misfits.put(dataset.name(), e.getMessage());
                } catch (SQLException e) {
                    throw session.fault("checking the source table of dataset " + dataset.name(), e);
                }
            }
        }
        return misfits;
    }

    /** Drops the replication slot and publication of a retired {@code cdc} stream (stop its reader first). */
    public void dropCdcSlot(IngestionNode node) {
        try (Connection c = open(node)) {
            CdcSlots.drop(c, CdcSlots.slotName(node.key()));
        } catch (SQLException e) {
            throw new DatasurfaceException("cannot drop the replication slot of " + node.key() + ": "
                    + e.getMessage(), true, e);
        }
    }

    Connection open(IngestionNode node) {
        return Databases.open(url(node), "the source of " + node.store(), applicationName, policy);
    }
}

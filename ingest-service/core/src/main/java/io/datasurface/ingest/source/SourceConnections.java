package io.datasurface.ingest.source;

import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.cdc.CdcSlots;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.ingest.watermark.WatermarkReader;
import io.datasurface.model.batch.BatchSource;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.credential.DatabaseUrl;
import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ContainerSpec;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a stream's reader over its source database: the address from the graph, the login from a
 * credential store. Messages name the address, never a password.
 */
public final class SourceConnections {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Pattern JDBC_POSTGRES = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*");

    private final CredentialStore credentials;

    public SourceConnections(CredentialStore credentials) {
        this.credentials = credentials;
    }

    /**
     * The reader of the stream's capture, over a new connection (closed with the reader).
     *
     * @throws DatasurfaceException when the source cannot be reached, or its capture is not one this reader set reads
     */
    public BatchSource reader(IngestionNode node, int chunkRows) {
        if (!"sql-snapshot".equals(node.capture()) && !"sql-watermark".equals(node.capture())) {
            throw new DatasurfaceException("stream " + node.key() + " is captured by " + node.capture()
                    + ", which is read by a long-lived reader (see cdcReader), or not at all", false);
        }
        Connection c = open(node);
        return "sql-snapshot".equals(node.capture()) ? new SnapshotReader(node, c, chunkRows)
                : new WatermarkReader(node, c, chunkRows);
    }

    /** Whether the stream is read continuously by a {@link CdcReader} (kept across steps) rather than per step. */
    public static boolean continuous(IngestionNode node) {
        return "cdc".equals(node.capture());
    }

    /**
     * The change-capture reader of a {@code cdc} stream over a PostgreSQL source, to keep across steps.
     *
     * @param committed the position of the stream's last committed batch, null before its first
     */
    public CdcReader cdcReader(IngestionNode node, int chunkRows, String committed) {
        ContainerSpec source = node.source();
        if (source == null) {
            throw new DatasurfaceException("stream " + node.key() + " has no source database in the model", false);
        }
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
        ContainerSpec source = node.source();
        if (source == null) {
            throw new DatasurfaceException("stream " + node.key() + " has no source database in the model", false);
        }
        DatabaseUrl url = "jdbc".equals(source.kind()) ? DatabaseUrl.parse(source.url())
                : DatabaseUrl.postgres(source.host(), source.port(), source.database());
        if (!url.carriesUser() && node.credential() != null) {
            url = url.withDefaultCredential(credentials.get(node.credential()));
        }
        return url;
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
        DatabaseUrl url = url(node);
        Properties props = new Properties();
        url.credential().ifPresent(cred -> {
            props.setProperty("user", cred.user());
            props.setProperty("password", cred.password());
        });
        if (url.jdbcUrl().startsWith("jdbc:postgresql:")) {
            props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("ApplicationName", "datasurface-ingest");
        }
        try {
            if (url.jdbcUrl().startsWith("jdbc:postgresql:")) {
                // straight to the driver: some class loaders (Quarkus's) hide it from DriverManager
                Connection c = new org.postgresql.Driver().connect(url.jdbcUrl(), props);
                if (c == null) {
                    throw new SQLException("the PostgreSQL driver does not accept " + url.redacted(), "08001");
                }
                return c;
            }
            return DriverManager.getConnection(url.jdbcUrl(), props);
        } catch (SQLException e) {
            String redacted = DatabaseUrl.redact(String.valueOf(e.getMessage()).replace(url.jdbcUrl(), url.redacted()));
            String reason = url.credential().map(c -> c.hiddenIn(redacted)).orElse(redacted);
            boolean retriable = e.getSQLState() == null || e.getSQLState().startsWith("08");
            throw new DatasurfaceException("cannot connect to the source of " + node.key() + " at " + url.redacted()
                    + ": " + reason, retriable, e);
        }
    }
}

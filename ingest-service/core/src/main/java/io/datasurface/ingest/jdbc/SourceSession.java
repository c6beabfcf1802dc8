package io.datasurface.ingest.jdbc;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader's source connection: prepared once (autocommit off, read-only, the dialect's snapshot
 * isolation), one transaction per step ended by {@link #end()}, closed by {@link #close()}. The caller
 * opened the connection; URLs and credentials never pass through here.
 */
public final class SourceSession implements AutoCloseable {
    private final Connection connection;
    private final SourceDialect dialect;

    private SourceSession(Connection connection, SourceDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * @throws DatasurfaceException when the connection cannot be prepared (retriable when it is lost);
     *                              the connection is closed then
     */
    public static SourceSession open(Connection connection) {
        try {
            SourceDialect dialect = SourceDialect.of(connection);
            dialect.prepare(connection);
            return new SourceSession(connection, dialect);
        } catch (SQLException e) {
            DatasurfaceException fault = SourceFaults.of("preparing the source connection", e, connection);
            new SourceSession(connection, null).close();
            throw fault;
        }
    }

    public Connection connection() {
        return connection;
    }

    public SourceDialect dialect() {
        return dialect;
    }

    public SourceCatalog catalog() {
        return new SourceCatalog(connection, dialect);
    }

    /**
     * The source tables of the stream's datasets, in the stream's order, each checked against its dataset.
     *
     * @param watermark whether each dataset's watermark column must be there too
     */
    public List<SourceTable> tables(IngestionNode node, boolean watermark) throws SQLException {
        SourceCatalog catalog = catalog();
        List<SourceTable> tables = new ArrayList<>();
        for (DatasetSpec dataset : node.datasets()) {
            tables.add(catalog.table(dataset, watermark));
        }
        return tables;
    }

    /** Checks the stream's source tables against its datasets ({@link #tables}), then ends the transaction. */
    public void check(IngestionNode node, boolean watermark) {
        try {
            tables(node, watermark);
        } catch (SQLException e) {
            throw fault("checking the source tables of stream " + node.key(), e);
        } finally {
            end();
        }
    }

    /** @throws IllegalArgumentException when a reader is asked for chunks of fewer than one row */
    public static int requireChunkRows(int chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, was " + chunkRows);
        }
        return chunkRows;
    }

    public DatasurfaceException fault(String doing, SQLException e) {
        return SourceFaults.of(doing, e, connection);
    }

    /** Ends the step's transaction (a rollback: nothing was written). Quiet on a broken connection. */
    public void end() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the transaction ends with the connection anyway
        }
    }

    /** Ends the transaction and closes the connection. */
    @Override
    public void close() {
        end();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken: nothing left to release
        }
    }
}

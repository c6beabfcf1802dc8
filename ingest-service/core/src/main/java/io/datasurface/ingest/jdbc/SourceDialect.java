package io.datasurface.ingest.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything that depends on the source database, and all SQL text of the readers. The statements are
 * standard SQL (tested on PostgreSQL and H2); identifiers go through {@link #quote} with the driver's
 * quote string, values are always bind parameters.
 *
 * <p>Isolation: PostgreSQL's REPEATABLE READ is a snapshot of the whole database taken at the
 * transaction's first statement. H2's REPEATABLE READ is not (each table is fixed when first read), so
 * H2 uses its SNAPSHOT level. Other drivers get REPEATABLE READ where supported, else SERIALIZABLE.
 */
public final class SourceDialect {
    /** H2's JDBC constant for its SNAPSHOT isolation level. */
    static final int H2_SNAPSHOT = 6;
    private static final int MAX_FETCH_SIZE = 10_000;

    private final String product;
    private final String quote;
    private final String escape;
    private final int isolation;

    private SourceDialect(String product, String quote, String escape, int isolation) {
        this.product = product;
        this.quote = quote == null || quote.isBlank() ? "" : quote;
        this.escape = escape == null ? "" : escape;
        this.isolation = isolation;
    }

    public static SourceDialect of(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String name = md.getDatabaseProductName();
        String version = md.getDatabaseProductVersion();
        String product = version == null ? name : name + " " + version.replaceFirst("\\s*\\(.*\\)$", "");
        return new SourceDialect(product, md.getIdentifierQuoteString(), md.getSearchStringEscape(),
                isolation(name, md));
    }

    private static int isolation(String product, DatabaseMetaData md) throws SQLException {
        if ("H2".equalsIgnoreCase(product) && md.supportsTransactionIsolationLevel(H2_SNAPSHOT)) {
            return H2_SNAPSHOT;
        }
        for (int level : new int[] {Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
            if (md.supportsTransactionIsolationLevel(level)) {
                return level;
            }
        }
        return md.getDefaultTransactionIsolation();
    }

    /** Autocommit off (a transaction per step; PostgreSQL streams rows only so), read-only, snapshot. */
    public void prepare(Connection connection) throws SQLException {
        if (isPostgres()) {
            PostgresSource.preferBinary(connection);
        }
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        if (isolation != Connection.TRANSACTION_NONE) {
            connection.setTransactionIsolation(isolation);
        }
    }

    /** Product and version, e.g. {@code PostgreSQL 17.11}, for messages. */
    public String product() {
        return product;
    }

    public String quote(String identifier) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** A metadata search pattern matching exactly {@code name}. */
    String literalPattern(String name) {
        if (escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    int fetchSize(int chunkRows) {
        return Math.max(1, Math.min(chunkRows, MAX_FETCH_SIZE));
    }

    /**
     * {@code SELECT cols FROM table [WHERE w >= ? AND w < ? AND (keyset)] ORDER BY keys}. Parameters
     * in order: the low and high watermark (each when asked for), then {@link #keysetAfter}'s.
     */
    public String select(SourceTable table, String watermark, boolean low, boolean high, boolean afterKey) {
        List<String> where = new ArrayList<>();
        if (low) {
            where.add(quote(watermark) + " >= ?");
        }
        if (high) {
            where.add(quote(watermark) + " < ?");
        }
        if (afterKey) {
            where.add("(" + keysetAfter(table.keyColumns().stream().map(this::read).toList()) + ")");
        }
        String cols = table.columns().stream().map(this::read).collect(Collectors.joining(", "));
        String keys = table.keyColumns().stream().map(this::read).collect(Collectors.joining(", "));
        return "SELECT " + cols + " FROM " + table.qualifiedName()
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY " + keys;
    }

    /**
     * How a column is read: its quoted name, or {@code CAST(name AS text)} when the model says text and
     * the source type is no string type, or the model's type is one carried as text (json, arrays…), so
     * the value arrives as the source's own text form of it.
     */
    String read(SourceColumn column) {
        String name = quote(column.name());
        return TypeFit.asText(column.sourceType(), column.modelType())
                ? "CAST(" + name + " AS " + (isPostgres() ? "text" : "varchar") + ")" : name;
    }

    boolean isPostgres() {
        return product.startsWith("PostgreSQL");
    }

    /**
     * Parameter: a table's quoted qualified name. Result: each domain column's name, its base type's oid
     * (through domains over domains) and the modifier (length, precision) the domains give it.
     */
    String domainBases() {
        return "WITH RECURSIVE base(attname, typid, typmod, depth) AS ("
                + " SELECT a.attname, a.atttypid, a.atttypmod, 0 FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
                + " UNION ALL SELECT b.attname, t.typbasetype,"
                + " CASE WHEN t.typtypmod <> -1 THEN t.typtypmod ELSE b.typmod END, b.depth + 1"
                + " FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typid WHERE t.typtype = 'd')"
                + " SELECT b.attname, b.typid, b.typmod FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typid"
                + " WHERE b.depth > 0 AND t.typtype <> 'd'";
    }

    /**
     * Parameter: a table's quoted qualified name. Result: each column's name, its type as the server
     * names it ({@code format_type}, through domains to their base type) and, for an enum, its labels in
     * their order (else NULL).
     */
    String postgresColumnTypes() {
        return "WITH RECURSIVE base(attname, typid, typmod) AS ("
                + " SELECT a.attname, a.atttypid, a.atttypmod FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
                + " UNION ALL SELECT b.attname, t.typbasetype,"
                + " CASE WHEN t.typtypmod <> -1 THEN t.typtypmod ELSE b.typmod END"
                + " FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typid WHERE t.typtype = 'd')"
                + " SELECT b.attname, pg_catalog.format_type(b.typid, b.typmod),"
                + " (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e"
                + " WHERE e.enumtypid = b.typid AND t.typtype = 'e')"
                + " FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typid WHERE t.typtype <> 'd'";
    }

    /** Whether the table has a row with a NULL key column (one row when so). */
    public String nullKeyProbe(SourceTable table) {
        return "SELECT 1 FROM " + table.qualifiedName() + " WHERE " + table.keyNames().stream()
                .map(k -> quote(k) + " IS NULL").collect(Collectors.joining(" OR "));
    }

    /**
     * {@code (k1 > ?) OR (k1 = ? AND k2 > ?) OR …}: rows after a key in key order, over the key
     * columns as {@link #read} reads them (already quoted). Its parameters, in order: for i = 1..n, the
     * values of k1..ki.
     */
    String keysetAfter(List<String> keys) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(keys.get(j) + " = ?");
            }
            parts.add(keys.get(i) + " > ?");
            terms.add("(" + String.join(" AND ", parts) + ")");
        }
        return String.join(" OR ", terms);
    }

    /** {@code SELECT MAX(w) FROM table}. */
    public String maxOf(SourceTable table, String column) {
        return "SELECT MAX(" + quote(column) + ") FROM " + table.qualifiedName();
    }

    @Override
    public String toString() {
        return product;
    }
}

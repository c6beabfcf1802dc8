package io.datasurface.ingest.jdbc;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.naming.SqlNames;
import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds a dataset's source table and checks it against the model. The table's name is the dataset's
 * SQL name; table and column names match case-insensitively (H2 stores unquoted names upper-case,
 * PostgreSQL lower-case), an exact match winning. Tables are looked up in the connection's current
 * schema ({@link Connection#getSchema()}: PostgreSQL's first schema on the search path, {@code public}
 * unless set; H2's {@code PUBLIC}).
 *
 * <p>Problems are non-retriable {@link DatasurfaceException}s naming the table, the column and both
 * types: someone must change the source or the model first.
 */
public final class SourceCatalog {
    /** Source kinds whose captured values' plain string form is the source's text form. */
    private static final Set<TypeKind> TEXT_BY_VALUE = EnumSet.of(TypeKind.CHAR, TypeKind.VARCHAR, TypeKind.TEXT,
            TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.BOOLEAN, TypeKind.UUID);

    private final Connection connection;
    private final SourceDialect dialect;

    public SourceCatalog(Connection connection, SourceDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * @param withWatermark also resolve and check the dataset's watermark column
     */
    public SourceTable table(DatasetSpec dataset, boolean withWatermark) throws SQLException {
        return table(dataset, withWatermark, true);
    }

    /**
     * @param withWatermark also resolve and check the dataset's watermark column
     * @param textOfAny     whether the reader can carry any source column as its text form when the model
     *                      says text (the SQL readers select it cast to text); when false, only string,
     *                      integer, boolean and uuid sources fit text
     */
    public SourceTable table(DatasetSpec dataset, boolean withWatermark, boolean textOfAny) throws SQLException {
        String wanted = SqlNames.sqlName(dataset.name());
        String schema = connection.getSchema();
        String[] found = findTable(wanted, schema);
        String table = found[1];
        Map<String, SourceType> sourceColumns = columns(found[0], table);
        List<SourceColumn> columns = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        for (ColumnSpec spec : dataset.columns()) {
            String name = match(sourceColumns.keySet(), spec.name());
            if (name == null) {
                throw fault("source table " + table + " has no column " + spec.name() + " (the model's dataset "
                        + dataset.name() + " needs it); add the column to the source or remove it from the model");
            }
            SqlType model = SqlType.parse(spec.type()).value().orElseThrow(() -> fault("dataset " + dataset.name()
                    + " column " + spec.name() + " has a type the model library does not accept: " + spec.type()));
            SourceType source = sourceColumns.get(name);
            if (!TypeFit.fits(source, model)) {
                throw fault("source table " + table + " column " + name + " has type " + source.spelling()
                        + ", which does not fit the model's type " + model + " of dataset " + dataset.name()
                        + " without loss; " + TypeFit.advice(source, model));
            }
            if (!textOfAny && (source.kind() == TypeKind.TIMETZ || model.kind() == TypeKind.TIMETZ)) {
                throw fault("source table " + table + " column " + name + " has type " + source.spelling()
                        + ", which change data capture reports moved to UTC, losing each value's offset (dataset "
                        + dataset.name() + "); capture the dataset with sql-snapshot or sql-watermark");
            }
            if (!textOfAny && TypeFit.asText(source, model) && !TEXT_BY_VALUE.contains(source.kind())
                    && !source.cdcTextForm()) {
                SqlType exact = TypeFit.exact(source);
                throw fault("source table " + table + " column " + name + " has type " + source.spelling()
                        + ", which change data capture cannot carry as the model's type text of dataset "
                        + dataset.name() + " (Debezium does not hand over its text form); "
                        + (exact != null && exact.kind() != TypeKind.TEXT ? "declare it " + exact
                        + ", which change data capture carries, or capture the dataset with sql-snapshot or "
                        + "sql-watermark" : "capture the dataset with sql-snapshot or sql-watermark, or change the "
                        + "source column"));
            }
        if (spec.primaryKey()) {
                keys.add(columns.size());
            }
            columns.add(new SourceColumn(name, source, model));
        }
        if (keys.isEmpty()) {
            throw fault("dataset " + dataset.name() + " has no primary key; the reader reads in key order and needs one");
        }
        SourceColumn watermark = withWatermark ? watermark(dataset, table, sourceColumns) : null;
        return new SourceTable(dataset, table, qualified(found[0], table), columns, keys, watermark);
    }

    private SourceColumn watermark(DatasetSpec dataset, String table, Map<String, SourceType> sourceColumns) {
        if (dataset.watermark() == null || dataset.watermark().isBlank()) {
            throw fault("dataset " + dataset.name() + " has no watermark column; sql-watermark capture needs one");
        }
        String name = match(sourceColumns.keySet(), dataset.watermark());
        if (name == null) {
            throw fault("source table " + table + " has no column " + dataset.watermark() + " (the model's dataset "
                    + dataset.name() + " needs it as its watermark)");
        }
        SourceType type = sourceColumns.get(name);
        if (type.kind() == null || !type.kind().isWatermarkType()) {
            throw fault("source table " + table + " watermark column " + name + " has type " + type.spelling()
                    + "; a watermark must be an integer, timestamp or timestamptz column");
        }
        return new SourceColumn(name, type, null);
    }

    /** @return {schema, table} as the database spells them */
    private String[] findTable(String wanted, String schema) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        Set<String> spellings = new LinkedHashSet<>(List.of(wanted, wanted.toUpperCase(Locale.ROOT),
                wanted.toLowerCase(Locale.ROOT)));
        List<String[]> matches = new ArrayList<>();
        for (String spelling : spellings) {
            String schemaPattern = schema == null ? null : dialect.literalPattern(schema);
            try (ResultSet rs = md.getTables(connection.getCatalog(), schemaPattern, dialect.literalPattern(spelling),
                    null)) {
                while (rs.next()) {
                    String s = rs.getString("TABLE_SCHEM");
                    String t = rs.getString("TABLE_NAME");
                    if (t.equalsIgnoreCase(wanted) && (schema == null || schema.equals(s))) {
                        matches.add(new String[] {s, t});
                    }
                }
            }
        }
        if (matches.isEmpty()) {
            throw fault("source table " + wanted + " not found in " + dialect.product() + " (looked in schema "
                    + (schema == null ? "any" : schema) + "); create it, or check the dataset's name in the model");
        }
        return matches.stream().filter(m -> m[1].equals(wanted)).findFirst().orElse(matches.get(0));
    }

    private Map<String, SourceType> columns(String schema, String table) throws SQLException {
        Map<String, SourceType> out = new LinkedHashMap<>();
        Map<String, String> domains = new LinkedHashMap<>();
        try (ResultSet rs = connection.getMetaData().getColumns(connection.getCatalog(),
                schema == null ? null : dialect.literalPattern(schema), dialect.literalPattern(table), "%")) {
            while (rs.next()) {
                int digits = rs.getInt("DECIMAL_DIGITS");
                Integer decimalDigits = rs.wasNull() ? null : digits;
                String name = rs.getString("COLUMN_NAME");
                int dataType = rs.getInt("DATA_TYPE");
                String typeName = rs.getString("TYPE_NAME");
                if (dataType == Types.DISTINCT) { // a domain: its base type plus a constraint
                    domains.put(name, typeName);
                    int base = rs.getInt("SOURCE_DATA_TYPE");
                    dataType = rs.wasNull() ? dataType : base;
                    typeName = null;
                }
                out.put(name, SourceType.of(dataType, typeName, rs.getInt("COLUMN_SIZE"), decimalDigits));
            }
        }
        if (dialect.isPostgres()) {
            if (!domains.isEmpty()) {
                out.putAll(PostgresSource.domainBases(connection, dialect.domainBases(), qualified(schema, table)));
            }
            out.putAll(PostgresSource.textCarried(connection, dialect.postgresColumnTypes(), qualified(schema, table)));
        }
        domains.forEach((column, domain) -> out.computeIfPresent(column, (c, base) -> base.asDomain(domain)));
        return out;
    }

    private static String match(Set<String> names, String wanted) {
        if (names.contains(wanted)) {
            return wanted;
        }
        return names.stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst().orElse(null);
    }

    private String qualified(String schema, String table) {
        return schema == null || schema.isEmpty() ? dialect.quote(table) : dialect.quote(schema) + "." + dialect.quote(table);
    }

    private static DatasurfaceException fault(String message) {
        return new DatasurfaceException(message, false);
    }
}

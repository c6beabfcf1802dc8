package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.type.SqlType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL text of the readers, built with H2's metadata (in-memory, nothing to start). */
class SourceDialectTest {

    private static SourceDialect dialect() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            return SourceDialect.of(c);
        }
    }

    private static SourceTable table() {
        SourceType integer = SourceType.of(java.sql.Types.INTEGER, "INTEGER", 32, 0);
        SqlType model = SqlType.parse("integer").value().orElseThrow();
        DatasetSpec spec = new DatasetSpec("t", "m", "s", "w", List.of(new ColumnSpec("a", "integer", false, true)), "f");
        return new SourceTable(spec, "T", "\"PUBLIC\".\"T\"", List.of(new SourceColumn("A", integer, model),
                new SourceColumn("B\"x", integer, model), new SourceColumn("C", integer, model)), List.of(0, 1), null);
    }

    @Test
    void quotesIdentifiersWithTheDriversQuoteString() throws SQLException {
        assertThat(dialect().quote("Mixed\"Name")).isEqualTo("\"Mixed\"\"Name\"");
        assertThat(dialect().product()).startsWith("H2 2.");
    }

    @Test
    void keysetPredicateComparesEachKeyPrefix() throws SQLException {
        assertThat(dialect().keysetAfter(List.of("\"a\"", "\"b\"", "\"c\"")))
                .isEqualTo("(\"a\" > ?) OR (\"a\" = ? AND \"b\" > ?) OR (\"a\" = ? AND \"b\" = ? AND \"c\" > ?)");
    }

    @Test
    void selectsModelledColumnsInKeyOrderWithinTheWatermarkRange() throws SQLException {
        SourceDialect d = dialect();
        assertThat(d.select(table(), null, false, false, false))
                .isEqualTo("SELECT \"A\", \"B\"\"x\", \"C\" FROM \"PUBLIC\".\"T\" ORDER BY \"A\", \"B\"\"x\"");
        assertThat(d.select(table(), "W", true, true, true)).isEqualTo("SELECT \"A\", \"B\"\"x\", \"C\" FROM \"PUBLIC\".\"T\""
                + " WHERE \"W\" >= ? AND \"W\" < ? AND ((\"A\" > ?) OR (\"A\" = ? AND \"B\"\"x\" > ?))"
                + " ORDER BY \"A\", \"B\"\"x\"");
        assertThat(d.maxOf(table(), "W")).isEqualTo("SELECT MAX(\"W\") FROM \"PUBLIC\".\"T\"");
    }

    @Test
    void metadataPatternsMatchUnderscoresLiterally() throws SQLException {
        assertThat(dialect().literalPattern("customer_data%")).isEqualTo("customer\\_data\\%");
    }
}

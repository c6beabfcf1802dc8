package io.datasurface.merge.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The merge store's column types: what it creates, and reading its own catalog's names back. */
class PostgresDialectTest {
    private final PostgresDialect dialect = new PostgresDialect(17);

    private static SqlType type(String text) {
        return SqlType.parse(text).value().orElseThrow();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "timetz; time with time zone",
            "bit(4); bit(4)",
            "bit; bit(1)",
            "varbit; bit varying",
            "varbit(5); bit varying(5)",
            "decimal(8,2)[]; numeric(8,2)[]",
            "decimal[]; numeric[]",
            "varchar(10)[]; character varying(10)[]",
            "timestamptz[]; timestamp with time zone[]",
            "timetz[]; time with time zone[]",
            "bit(4)[]; bit(4)[]",
            "text[]; text[]",
            "json; json", "jsonb; jsonb", "interval; interval", "inet; inet", "cidr; cidr", "macaddr; macaddr",
            "macaddr8; macaddr8", "xml; xml",
            "enum('sad','ok'); text",
    })
    void columnTypeIsPostgresNameOfTheModelType(String model, String column) {
        assertThat(dialect.columnType(type(model))).isEqualTo(column);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "jsonb", "interval", "inet", "cidr", "macaddr", "macaddr8", "timetz", "bit(4)",
            "bit", "varbit", "varbit(5)", "xml", "text[]", "integer[]", "decimal(8,2)[]", "decimal[]", "char(3)[]",
            "varchar(10)[]", "double[]", "time[]", "timestamp[]", "timestamptz[]", "timetz[]", "bit(4)[]", "varbit[]",
            "json[]", "interval[]", "boolean[]", "uuid[]", "bytea[]", "date[]", "smallint[]", "real[]"})
    @DisplayName("the merge store reads the type names of its own columns back as the model's type")
    void typeOfColumnTypeIsTheModelType(String model) {
        SqlType t = type(model);
        assertThat(dialect.typeOf(dialect.columnType(t))).isEqualTo(t);
    }

    @Test
    @DisplayName("an enum's column is text: read back as text, whose column type is the enum's, so no change is seen")
    void enumColumnReadsBackAsText() {
        SqlType mood = type("enum('sad','ok','happy')");
        SqlType back = dialect.typeOf(dialect.columnType(mood));
        assertThat(back.kind()).isEqualTo(TypeKind.TEXT);
        assertThat(dialect.columnType(back)).isEqualTo(dialect.columnType(mood))
                .isEqualTo(dialect.columnType(type("enum('sad')")));
    }
}

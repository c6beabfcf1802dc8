package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Classification of what PostgreSQL's and H2's drivers report in {@code DatabaseMetaData.getColumns}. */
class SourceTypeTest {

    @ParameterizedTest(name = "{1} ({0}, {2}, {3})")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            -7   | bool                     | 1          | 0    | BOOLEAN     | -1         | 0 | bool
            5    | int2                     | 5          | 0    | SMALLINT    | -1         | 0 | int2
            4    | serial                   | 10         | 0    | INTEGER     | -1         | 0 | serial
            -5   | int8                     | 19         | 0    | BIGINT      | -1         | 0 | int8
            7    | float4                   | 8          | 8    | REAL        | -1         | 0 | float4
            8    | float8                   | 17         | 17   | DOUBLE      | -1         | 0 | float8
            2    | numeric                  | 12         | 2    | DECIMAL     | 12         | 2 | numeric(12,2)
            2    | numeric                  | 0          | null | DECIMAL     | -1         | 0 | numeric
            1    | bpchar                   | 5          | 0    | CHAR        | 5          | 0 | bpchar(5)
            12   | varchar                  | 30         | 0    | VARCHAR     | 30         | 0 | varchar(30)
            12   | varchar                  | 2147483647 | 0    | VARCHAR     | 2147483647 | 0 | varchar
            12   | text                     | 2147483647 | 0    | TEXT        | -1         | 0 | text
            91   | date                     | 13         | 0    | DATE        | -1         | 0 | date
            92   | time                     | 15         | 6    | TIME        | 6          | 0 | time(6)
            93   | timestamp                | 26         | 3    | TIMESTAMP   | 3          | 0 | timestamp(3)
            93   | timestamptz              | 35         | 6    | TIMESTAMPTZ | 6          | 0 | timestamptz(6)
            1111 | uuid                     | 2147483647 | 0    | UUID        | -1         | 0 | uuid
            -2   | bytea                    | 2147483647 | 0    | BYTEA       | -1         | 0 | bytea
            1111 | json                     | 2147483647 | 0    | null        | -1         | 0 | json
            -7   | bit                      | 8          | 0    | null        | -1         | 0 | bit
            92   | timetz                   | 21         | 6    | null        | -1         | 0 | timetz
            -6   | TINYINT                  | 8          | 0    | SMALLINT    | -1         | 0 | tinyint
            4    | INTEGER                  | 32         | 0    | INTEGER     | -1         | 0 | integer
            12   | CHARACTER VARYING        | 30         | 0    | VARCHAR     | 30         | 0 | character varying(30)
            2005 | CHARACTER LARGE OBJECT   | 2147483647 | 0    | TEXT        | -1         | 0 | character large object
            2    | NUMERIC                  | 100000     | 0    | DECIMAL     | 100000     | 0 | numeric(100000,0)
            2    | DECFLOAT                 | 100000     | 0    | DECIMAL     | -1         | 0 | decfloat
            6    | DOUBLE PRECISION         | 53         | 0    | DOUBLE      | -1         | 0 | double precision
            93   | TIMESTAMP                | 29         | 9    | TIMESTAMP   | 9          | 0 | timestamp(9)
            2014 | TIMESTAMP WITH TIME ZONE | 32         | 6    | TIMESTAMPTZ | 6          | 0 | timestamp(6) with time zone
            -2   | UUID                     | 16         | 0    | UUID        | -1         | 0 | uuid
            -3   | BINARY VARYING           | 100        | 0    | BYTEA       | -1         | 0 | binary varying
            2004 | BINARY LARGE OBJECT      | 2147483647 | 0    | BYTEA       | -1         | 0 | binary large object
            16   | BOOLEAN                  | 1          | 0    | BOOLEAN     | -1         | 0 | boolean
            """)
    void classifiesDriverMetadata(int dataType, String typeName, int size, Integer digits, TypeKind kind, int length,
                                  int scale, String spelling) {
        assertThat(SourceType.of(dataType, typeName, size, digits)).isEqualTo(new SourceType(kind, length, scale, spelling));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"money", "point", "tsvector", "mood[]", "int4range", "integer", "text",
            "character varying(10)", "timestamp(3) with time zone", "numeric(8,2)", "uuid", "bytea"})
    @org.junit.jupiter.api.DisplayName("a PostgreSQL type the model does not carry as text is left to the driver's report")
    void postgresTypeNotCarriedAsTextIsNull(String formatType) {
        assertThat(SourceType.postgres(formatType, null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            json                          | json
            jsonb                         | jsonb
            interval                      | interval
            interval(3)                   | interval
            interval year to month        | interval
            interval day to second(3)     | interval
            interval second(2)            | interval
            inet                          | inet
            cidr                          | cidr
            macaddr                       | macaddr
            macaddr8                      | macaddr8
            time with time zone           | timetz
            time(3) with time zone        | timetz
            bit(1)                        | bit(1)
            bit(4)                        | bit(4)
            bit varying                   | varbit
            bit varying(5)                | varbit(5)
            xml                           | xml
            numeric(8,2)[]                | decimal(8,2)[]
            numeric[]                     | decimal[]
            timestamp(3) with time zone[] | timestamptz[]
            timestamp(6) without time zone[] | timestamp[]
            time(3) with time zone[]      | timetz[]
            interval day to second(3)[]   | interval[]
            character varying(10)[]       | varchar(10)[]
            character(3)[]                | char(3)[]
            integer[]                     | integer[]
            double precision[]            | double[]
            text[]                        | text[]
            """)
    @org.junit.jupiter.api.DisplayName("PostgreSQL's name of a type carried as text gives the model type holding it "
            + "exactly, its precision and interval fields left out")
    void postgresTypeCarriedAsText(String formatType, String exact) {
        SqlType model = SqlType.parse(exact).value().orElseThrow();
        SourceType t = SourceType.postgres(formatType, null);
        assertThat(t).isNotNull();
        assertThat(t.kind()).isEqualTo(model.kind());
        assertThat(t.exact()).isEqualTo(model);
        assertThat(t.spelling()).as("named as the source names it").isEqualTo(formatType);
    }

    @org.junit.jupiter.api.Test
    void postgresArrayKeepsItsElementType() {
        SourceType prices = SourceType.postgres("numeric(8,2)[]", null);
        assertThat(prices.kind()).isEqualTo(TypeKind.ARRAY);
        assertThat(prices.exact().element()).isEqualTo(SqlType.decimal(8, 2));
        SourceType times = SourceType.postgres("timestamp(3) with time zone[]", null);
        assertThat(times.kind()).isEqualTo(TypeKind.ARRAY);
        assertThat(times.exact().element()).isEqualTo(SqlType.of(TypeKind.TIMESTAMPTZ));
    }

    @org.junit.jupiter.api.Test
    void postgresEnumIsAnEnumOfItsLabelsInTheirOrder() {
        SourceType mood = SourceType.postgres("mood", List.of("sad", "ok", "it's"));
        assertThat(mood.kind()).isEqualTo(TypeKind.ENUM);
        assertThat(mood.exact()).isEqualTo(SqlType.enumOf(List.of("sad", "ok", "it's")));
        assertThat(mood.exact()).hasToString("enum('sad','ok','it''s')");
        assertThat(mood.spelling()).isEqualTo("mood (an enum)");
        assertThat(SourceType.postgres("public.\"Mood\"", List.of("b", "a")).exact().labels()).containsExactly("b", "a");
    }

    @org.junit.jupiter.api.Test
    void aDomainOverATypeCarriedAsTextKeepsItsExactType() {
        SourceType doc = SourceType.postgres("jsonb", null).asDomain("document");
        assertThat(doc.kind()).isEqualTo(TypeKind.JSONB);
        assertThat(doc.exact()).isEqualTo(SqlType.of(TypeKind.JSONB));
        assertThat(doc.spelling()).isEqualTo("document (a domain over jsonb)");
        assertThat(TypeFit.fits(doc, SqlType.of(TypeKind.JSONB))).isTrue();
    }

    @org.junit.jupiter.api.Test
    void anUnknownJdbcTypeIsNamedByItsNumberWhenTheDriverGivesNoName() {
        assertThat(SourceType.of(Types.STRUCT, null, 0, null)).isEqualTo(new SourceType(null, -1, 0, "JDBC type 2002"));
    }
}

package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypeFitTest {
    private static final Pattern SHAPE = Pattern.compile("([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?");

    @ParameterizedTest(name = "{0} into {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            varchar(20)   | varchar(20)   | true
            varchar(20)   | varchar(100)  | true
            varchar(20)   | text          | true
            varchar(30)   | varchar(20)   | false
            varchar(20)   | char(20)      | false
            char(5)       | char(5)       | true
            char(5)       | varchar(5)    | true
            char(5)       | varchar(4)    | false
            char(5)       | text          | true
            text          | text          | true
            text          | varchar(100)  | false
            smallint      | smallint      | true
            smallint      | integer       | true
            smallint      | bigint        | true
            integer       | bigint        | true
            integer       | smallint      | false
            bigint        | bigint        | true
            bigint        | integer       | false
            integer       | decimal(10,0) | true
            integer       | decimal(12,2) | true
            integer       | decimal(9,0)  | false
            smallint      | decimal(5,0)  | true
            bigint        | decimal(19,0) | true
            bigint        | decimal(20,2) | false
            bigint        | decimal       | true
            integer       | double        | false
            decimal(10,2) | decimal(10,2) | true
            decimal(10,2) | decimal(12,4) | true
            decimal(10,2) | decimal(12,3) | true
            decimal(10,2) | decimal(10,3) | false
            decimal(10,2) | decimal(9,2)  | false
            decimal(10,2) | decimal(10,1) | false
            decimal(10,2) | decimal       | true
            decimal       | decimal       | true
            decimal       | decimal(38,10) | false
            decimal(5,0)  | integer       | false
            real          | real          | true
            real          | double        | true
            double        | double        | true
            double        | real          | false
            double        | decimal       | false
            boolean       | boolean       | true
            boolean       | smallint      | false
            date          | date          | true
            date          | timestamp     | true
            date          | timestamptz   | false
            timestamp     | timestamp     | true
            timestamp(3)  | timestamp     | true
            timestamp(9)  | timestamp     | false
            timestamp     | date          | false
            timestamp     | timestamptz   | false
            timestamptz   | timestamptz   | true
            timestamptz   | timestamp     | false
            time          | time          | true
            time(9)       | time          | false
            uuid          | uuid          | true
            uuid          | varchar(36)   | false
            bytea         | bytea         | true
            bytea         | text          | true
            json          | text          | true
            timestamp(9)  | text          | true
            integer       | text          | true
            json          | varchar(100)  | false
            """)
    void sourceTypeFitsModelType(String source, String model, boolean fits) {
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        assertThat(TypeFit.fits(source(source), modelType)).isEqualTo(fits);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} into {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            json          | integer       | declare it text (no other model type carries json
            timestamp(9)  | timestamp     | declare it text (no other
            bigint        | integer       | widen the model's type to bigint, or change the source column
            varchar(30)   | varchar(20)   | widen the model's type to varchar(30), or change
            decimal(12,2) | decimal(10,2) | widen the model's type to decimal(12,2)
            integer       | smallint      | widen the model's type to integer
            uuid          | varchar(36)   | declare it uuid (or text
            """)
    @org.junit.jupiter.api.DisplayName("a type that does not fit is advised the one change that works, "
            + "not a widening that does not exist")
    void adviceSaysTheOneChangeThatWorks(String source, String model, String advice) {
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        assertThat(TypeFit.fits(source(source), modelType)).isFalse();
        assertThat(TypeFit.advice(source(source), modelType)).startsWith(advice);
        SqlType exact = TypeFit.exact(source(source));
        if (exact != null) {
            assertThat(TypeFit.fits(source(source), exact)).as("%s fits %s", source, exact).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} into {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            jsonb                     | jsonb           | true
            jsonb                     | text            | true
            jsonb                     | json            | false
            json                      | json            | true
            json                      | text            | true
            json                      | jsonb           | false
            json                      | varchar(100)    | false
            interval                  | interval        | true
            interval(3)               | interval        | true
            interval year to month    | interval        | true
            interval day to second(3) | interval        | true
            interval                  | time            | false
            time(3) with time zone    | timetz          | true
            time with time zone       | timetz          | true
            time with time zone       | time            | false
            time with time zone       | timestamptz     | false
            bit(4)                    | bit(4)          | true
            bit(4)                    | varbit(4)       | true
            bit(4)                    | varbit(8)       | true
            bit(4)                    | varbit          | true
            bit(4)                    | varbit(3)       | false
            bit(4)                    | bit(8)          | false
            bit(4)                    | bit(2)          | false
            bit varying(4)            | varbit(8)       | true
            bit varying               | varbit          | true
            bit varying               | varbit(8)       | false
            bit varying(4)            | bit(4)          | false
            inet                      | inet            | true
            inet                      | cidr            | false
            cidr                      | inet            | false
            macaddr                   | macaddr8        | false
            xml                       | xml             | true
            xml                       | text            | true
            integer[]                 | integer[]       | true
            integer[]                 | bigint[]        | true
            integer[]                 | text            | true
            integer[]                 | text[]          | false
            integer[]                 | integer         | false
            bigint[]                  | integer[]       | false
            character varying(10)[]   | text[]          | true
            character varying(10)[]   | varchar(20)[]   | true
            character varying(10)[]   | varchar(5)[]    | false
            character(3)[]            | text[]          | false
            real[]                    | double[]        | false
            real[]                    | real[]          | true
            date[]                    | timestamp[]     | false
            numeric(8,2)[]            | decimal(8,2)[]  | true
            numeric(8,2)[]            | decimal(10,2)[] | true
            numeric(8,2)[]            | decimal[]       | true
            numeric(8,2)[]            | decimal(8,1)[]  | false
            timestamp(3) with time zone[] | timestamptz[] | true
            text[]                    | text            | true
            """)
    @org.junit.jupiter.api.DisplayName("PostgreSQL types carried as text fit their own model type, its widenings "
            + "that keep the text, and text")
    void postgresTypeCarriedAsTextFits(String formatType, String model, boolean fits) {
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        SourceType source = SourceType.postgres(formatType, null);
        assertThat(source).as(formatType).isNotNull();
        assertThat(TypeFit.fits(source, modelType)).isEqualTo(fits);
        assertThat(TypeFit.fits(source, TypeFit.exact(source))).as("%s fits its exact type", formatType).isTrue();
    }

    @ParameterizedTest(name = "enum (sad, ok) into {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            enum('sad','ok','happy') | true
            enum('ok','sad')         | true
            text                     | true
            enum('sad')              | false
            enum('sad','okay')       | false
            varchar(10)              | false
            """)
    void sourceEnumFitsAModelEnumWithAllItsLabels(String model, boolean fits) {
        SourceType mood = SourceType.postgres("mood", List.of("sad", "ok"));
        assertThat(TypeFit.fits(mood, SqlType.parse(model).value().orElseThrow())).isEqualTo(fits);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} into {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sad,ok           | enum('sad')       | add 'ok' to the model's enum (the source's enum has it), or declare it text
            sad,ok,it's      | enum('sad')       | add 'ok', 'it''s' to the model's enum (the source's enum has them), or declare it text
            """)
    @org.junit.jupiter.api.DisplayName("an enum that lacks some of the source's labels is advised to add them")
    void adviceNamesTheMissingEnumLabels(String labels, String model, String advice) {
        SourceType source = SourceType.postgres("mood", List.of(labels.split(",")));
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        assertThat(TypeFit.fits(source, modelType)).isFalse();
        assertThat(TypeFit.advice(source, modelType)).isEqualTo(advice);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} into {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bit(4)    | bit(8)   | declare it bit(4) (or text
            jsonb     | json     | declare it jsonb (or text
            integer[] | text[]   | declare it integer[] (or text
            bigint[]  | integer[] | declare it bigint[] (or text
            varbit(8) | varbit(4) | widen the model's type to varbit(8)
            """)
    void adviceForTypesCarriedAsText(String formatType, String model, String advice) {
        SourceType source = SourceType.postgres(formatType.replace("varbit", "bit varying"), null);
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        assertThat(TypeFit.fits(source, modelType)).isFalse();
        assertThat(TypeFit.advice(source, modelType)).startsWith(advice);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "jsonb", "interval", "inet", "cidr", "macaddr", "macaddr8", "timetz", "bit(4)",
            "varbit", "xml", "text[]", "integer[]", "enum('a','b')"})
    @org.junit.jupiter.api.DisplayName("a column of a model type carried as text is read as the source's text form")
    void everyModelKindCarriedAsTextIsReadAsText(String model) {
        SqlType modelType = SqlType.parse(model).value().orElseThrow();
        assertThat(modelType.kind().carriedAsText()).isTrue();
        assertThat(TypeFit.asText(new SourceType(TypeKind.VARCHAR, 20, 0, "varchar(20)"), modelType)).isTrue();
        assertThat(TypeFit.asText(new SourceType(TypeKind.TEXT, -1, 0, "text"), modelType)).isTrue();
        assertThat(TypeFit.asText(new SourceType(null, -1, 0, "json"), modelType)).isTrue();
        SourceType same = modelType.kind() == TypeKind.ENUM ? SourceType.postgres("e", modelType.labels())
                : SourceType.postgres(model, null);
        assertThat(TypeFit.asText(same, modelType)).as("from a source column of the same type").isTrue();
    }

    @org.junit.jupiter.api.Test
    void aStringSourceIntoAStringModelTypeIsNotReadAsText() {
        assertThat(TypeFit.asText(new SourceType(TypeKind.VARCHAR, 20, 0, "varchar(20)"), SqlType.of(TypeKind.TEXT)))
                .isFalse();
        assertThat(TypeFit.asText(new SourceType(TypeKind.INTEGER, -1, 0, "int4"), SqlType.of(TypeKind.BIGINT)))
                .isFalse();
    }

    /** A source type written like a model type, with an optional fraction precision for time types. */
    private static SourceType source(String text) {
        Matcher m = SHAPE.matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        String name = m.group(1);
        int a = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        int b = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (name.equals("json")) {
            return new SourceType(null, -1, 0, name);
        }
        TypeKind kind = SqlType.parse(name.equals("varchar") || name.equals("char") ? name + "(1)" : name)
                .value().orElseThrow().kind();
        return switch (kind) {
            case TIME, TIMESTAMP, TIMESTAMPTZ -> new SourceType(kind, a == -1 ? 6 : a, 0, text);
            default -> new SourceType(kind, a, b, text);
        };
    }
}

package io.datasurface.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

package io.datasurface.model.type;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTypeTest {

    private static SqlType type(String text) {
        SqlType.Parsed parsed = SqlType.parse(text);
        assertThat(parsed.error()).as("error parsing '%s'", text).isNull();
        return parsed.type();
    }

    @Nested
    class Parsing {
        @ParameterizedTest(name = "''{0}'' is {1}")
        @CsvSource(delimiter = ';', value = {
                "boolean; boolean", "bool; boolean",
                "smallint; smallint", "int2; smallint",
                "integer; integer", "int; integer", "int4; integer",
                "bigint; bigint", "int8; bigint",
                "real; real", "float4; real",
                "double; double", "double precision; double", "float8; double",
                "decimal(10,2); decimal(10,2)", "numeric(10,2); decimal(10,2)", "numeric(10); decimal(10,0)",
                "decimal; decimal", "numeric; decimal",
                "char(2); char(2)", "character(2); char(2)", "char; char(1)",
                "varchar(20); varchar(20)", "character varying(20); varchar(20)",
                "text; text", "date; date",
                "time; time", "time without time zone; time",
                "timestamp; timestamp", "timestamp without time zone; timestamp",
                "timestamptz; timestamptz", "timestamp with time zone; timestamptz",
                "uuid; uuid", "bytea; bytea",
                "json; json", "JSONB; jsonb", "interval; interval", "inet; inet", "cidr; cidr", "macaddr; macaddr",
                "macaddr8; macaddr8", "timetz; timetz", "time with time zone; timetz", "xml; xml",
                "bit; bit(1)", "bit(8); bit(8)", "varbit; varbit", "bit varying; varbit", "bit varying(5); varbit(5)",
                "text[]; text[]", "integer []; integer[]", "int4[]; integer[]", "numeric(10,2)[]; decimal(10,2)[]",
                "character varying(10)[]; varchar(10)[]", "timestamp with time zone[]; timestamptz[]",
                "enum('a','b'); enum('a','b')", "ENUM ( 'Sad' , 'it''s' ); enum('Sad','it''s')",
                "enum('x, y', 'z'); enum('x, y','z')",
        })
        void namesAndAliasesParseToTheCanonicalType(String text, String canonical) {
            assertThat(type(text)).hasToString(canonical);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"VARCHAR(20)", "  varchar ( 20 )  ", "Character   Varying(20)", "character varying (20)"})
        void caseAndSpacesDoNotMatter(String text) {
            assertThat(type(text)).isEqualTo(SqlType.varchar(20));
        }

        @Test
        void decimalWithSpacesAfterTheComma() {
            assertThat(type("DECIMAL( 10 , 2 )")).isEqualTo(SqlType.decimal(10, 2));
            assertThat(type("Double Precision")).isEqualTo(SqlType.of(TypeKind.DOUBLE));
        }

        @Test
        void partsOfTheType() {
            SqlType t = type("numeric(12,3)");
            assertThat(t.kind()).isEqualTo(TypeKind.DECIMAL);
            assertThat(t.length()).isEqualTo(12);
            assertThat(t.scale()).isEqualTo(3);
            assertThat(type("decimal").length()).isEqualTo(-1);
            assertThat(type("bigint").length()).isEqualTo(-1);
        }
    }

    @Nested
    class Errors {
        private String error(String text) {
            SqlType.Parsed parsed = SqlType.parse(text);
            assertThat(parsed.type()).as("type of '%s'", text).isNull();
            assertThat(parsed.value()).isEmpty();
            return parsed.error();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void missingType(String text) {
            assertThat(error(text)).contains("a column type is required", SqlType.ACCEPTED);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"string", "varchar2(10)", "int64", "datetime", "float", "jsonx", "point"})
        void unknownTypeListsTheAcceptedOnes(String text) {
            assertThat(error(text)).contains("unknown column type '" + text + "'", SqlType.ACCEPTED);
        }

        @Test
        @org.junit.jupiter.api.DisplayName("the list of accepted types names every spelling the parser accepts, "
                + "decimal(p) and decimal included (validate omitted them)")
        void acceptedListsEverySpelling() {
            java.util.List<String> listed = java.util.regex.Pattern
                    .compile("[a-z][a-z0-9]*(?: [a-z][a-z0-9]*)*(?:\\((?:p,s|p|n)\\))?").matcher(SqlType.ACCEPTED.substring(0, SqlType.ACCEPTED.indexOf(';')).replace("enum('a','b')", "enum"))
                    .results().map(java.util.regex.MatchResult::group).toList();
            assertThat(listed).contains("decimal(p)", "decimal", "numeric", "double precision", "character varying(n)",
                    "timestamp with time zone", "int", "bool");
            for (String spelling : listed) {
                String concrete = spelling.equals("enum") ? "enum('a','b')"
                        : spelling.replace("(p,s)", "(10,2)").replace("(p)", "(10)").replace("(n)", "(20)");
                assertThat(SqlType.parse(concrete).error()).as("'%s' is listed", spelling).isNull();
            }
            for (String name : new String[] {"boolean", "bool", "smallint", "int2", "integer", "int", "int4", "bigint",
                    "int8", "real", "float4", "double", "double precision", "float8", "decimal", "numeric", "char",
                    "character", "varchar(n)", "character varying(n)", "text", "date", "time", "time without time zone",
                    "timestamp", "timestamp without time zone", "timestamptz", "timestamp with time zone", "uuid",
                    "bytea", "json", "jsonb", "interval", "inet", "cidr", "macaddr", "macaddr8", "timetz",
                    "time with time zone", "bit(n)", "bit", "varbit(n)", "varbit", "bit varying(n)", "bit varying",
                    "xml"}) {
                assertThat(listed).as("accepted spellings").contains(name);
            }
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"varchar(20", "varchar 20)", "varchar(-1)", "varchar(a)", "decimal(10,2,1)", "(10)", "int[3]"})
        void malformedTypeIsUnknown(String text) {
            assertThat(error(text)).contains("unknown column type '" + text + "'");
        }

        @ParameterizedTest(name = "''{0}''")
        @CsvSource(delimiter = ';', value = {
                "enum(); not a list of quoted values",
                "enum(a, b); not a list of quoted values",
                "enum('a' 'b'); something other than a comma after 'a'",
                "enum('a', 'a'); names a value twice",
                "enum('a); without its closing quote",
                "enum('a',''); an empty value",
                "enum; needs its values in parentheses",
                "enum('a')[]; declare it text[]",
                "text[][]; declare it text[]",
                "varchr(3)[]; the elements of array type 'varchr(3)[]': unknown column type 'varchr(3)'",
                "bit(0); between 1 and 83886080",
                "bit(2,1); takes one length",
        })
        void newTypesSayWhatToWrite(String text, String message) {
            assertThat(error(text)).contains(message);
        }

        @Test
        void varcharNeedsALength() {
            assertThat(error("varchar")).contains("'varchar'", "needs a length", "varchar(100)", "text");
            assertThat(error("character varying")).contains("needs a length");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"varchar(0)", "char(0)", "varchar(10485761)", "varchar(99999999999)"})
        void lengthOutOfRange(String text) {
            assertThat(error(text)).contains("length of '" + text + "'", "between 1 and 10485760");
        }

        @Test
        void stringTypesTakeOneLength() {
            assertThat(error("varchar(10,2)")).contains("'varchar(10,2)' takes one length", "varchar(20)");
            assertThat(error("char(1,1)")).contains("takes one length", "char(20)");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"integer(5)", "text(100)", "timestamp(6)", "bigint(20)", "boolean(1)"})
        void otherTypesTakeNoLength(String text) {
            assertThat(error(text)).contains("'" + text + "' takes no length or precision", "write ");
        }

        @Test
        void decimalPrecisionAndScale() {
            assertThat(error("decimal(0)")).contains("precision of 'decimal(0)'", "between 1 and 1000");
            assertThat(error("decimal(1001,2)")).contains("between 1 and 1000");
            assertThat(error("decimal(5,6)")).contains("scale of 'decimal(5,6)' must not exceed its precision");
        }
    }

    @Nested
    class Widening {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = ';', value = {
                "varchar(10); varchar(20)", "varchar(10); varchar(10)", "varchar(10); text",
                "char(2); varchar(5)", "char(2); char(2)", "char(2); char(3)", "char(2); text",
                "smallint; integer", "smallint; bigint", "integer; bigint",
                "decimal(10,2); decimal(12,2)", "decimal(10,2); decimal",
                "real; double", "date; timestamp",
                "text; text", "uuid; uuid", "timestamptz; timestamptz", "decimal; decimal",
                "bit(4); varbit(4)", "bit(4); varbit(8)", "bit(4); varbit", "varbit(4); varbit(8)", "varbit(4); varbit",
                "enum('a','b'); enum('b','a','c')", "enum('a'); text", "text[]; text[]", "jsonb; jsonb",
        })
        void widens(String from, String to) {
            assertThat(type(from).widensTo(type(to))).isTrue();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = ';', value = {
                "varchar(20); varchar(10)", "text; varchar(10)", "varchar(5); char(2)", "varchar(5); char(5)",
                "integer; smallint", "bigint; integer", "bigint; smallint",
                "decimal(12,2); decimal(10,2)", "decimal; decimal(10,2)", "decimal(10,2); decimal(12,3)",
                "double; real", "timestamp; date",
                "integer; varchar(20)", "varchar(20); integer", "date; timestamptz", "timestamp; timestamptz",
                "integer; decimal(20,0)", "integer; double", "boolean; integer", "time; timestamp", "uuid; text",
                "varbit(8); varbit(4)", "varbit; varbit(8)", "bit(4); bit(8)", "enum('a','b'); enum('a')",
                "text; enum('a')", "json; jsonb", "jsonb; json", "json; text", "integer[]; bigint[]", "text; text[]",
                "interval; text", "inet; cidr", "cidr; inet", "timetz; time", "time; timetz",
        })
        void doesNotWiden(String from, String to) {
            assertThat(type(from).widensTo(type(to))).isFalse();
        }
    }
}

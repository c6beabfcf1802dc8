package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.cdc.CdcReader;
import io.datasurface.ingest.source.Databases;
import io.datasurface.ingest.source.SourceConnections;
import io.datasurface.merge.job.StepOutcome;
import io.datasurface.merge.job.StepResult;
import io.datasurface.merge.job.StreamStep;
import io.datasurface.model.credential.CredentialStore;
import io.datasurface.model.graph.GraphBuilder;
import io.datasurface.model.graph.IngestionNode;
import io.datasurface.model.graph.PipelineGraph;
import io.datasurface.model.lint.Linter;
import io.datasurface.model.load.LoadResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "type zoo": a source table with a column of each PostgreSQL type in common use (and a domain, an
 * enum, types only text carries), captured by the snapshot reader and by CDC, live-only and forensic,
 * through an insert/update/delete round, and compared value for value with the source's own text form
 * ({@code col::text}) — in the merge tables, in the consumer views and, for a forensic platform, in the
 * versions kept. On PostgreSQL 15, 16 and 17.
 */
class TypeZooIT {
    static final String LIVE = "yellow_live";
    static final String FORENSIC = "yellow_forensic";
    static final String MERGE_TABLE = "customers_zoo_merge";
    static final String VIEWS = "zones/retail/teams/analytics/analytics.yaml";
    static final String STORE = "zones/retail/teams/crm/customers.yaml";

    /** name, source type, model type, whether change data capture carries it. */
    record Col(String name, String source, String model, boolean cdc) {
    }

    static final List<Col> ZOO = List.of(
            new Col("id", "integer", "integer", true),
            new Col("c_bool", "boolean", "boolean", true),
            new Col("c_int2", "smallint", "smallint", true),
            new Col("c_int8", "bigint", "bigint", true),
            new Col("c_real", "real", "real", true),
            new Col("c_double", "double precision", "double", true),
            new Col("c_numeric", "numeric", "decimal", true),
            new Col("c_numeric_ps", "numeric(12,4)", "decimal(12,4)", true),
            new Col("c_char", "char(5)", "char(5)", true),
            new Col("c_varchar", "varchar(40)", "varchar(40)", true),
            new Col("c_text", "text", "text", true),
            new Col("c_date", "date", "date", true),
            new Col("c_time", "time", "time", true),
            new Col("c_ts", "timestamp", "timestamp", true),
            new Col("c_tstz", "timestamptz", "timestamptz", true),
            new Col("c_uuid", "uuid", "uuid", true),
            new Col("c_bytea", "bytea", "bytea", true),
            new Col("c_json", "json", "json", true),
            new Col("c_jsonb", "jsonb", "jsonb", true),
            new Col("c_interval", "interval", "interval", true),
            new Col("c_inet", "inet", "inet", true),
            new Col("c_cidr", "cidr", "cidr", true),
            new Col("c_macaddr", "macaddr", "macaddr", true),
            new Col("c_macaddr8", "macaddr8", "macaddr8", true),
            new Col("c_bit", "bit(4)", "bit(4)", true),
            new Col("c_varbit", "varbit(16)", "varbit(16)", true),
            new Col("c_xml", "xml", "xml", true),
            new Col("c_text_arr", "text[]", "text[]", true),
            new Col("c_int_arr", "integer[]", "integer[]", true),
            new Col("c_num_arr", "numeric(8,2)[]", "decimal(8,2)[]", true),
            new Col("c_tstz_arr", "timestamptz[]", "timestamptz[]", true),
            new Col("c_mood", "mood", "enum('sad','ok','happy','it''s, \\\"fine\\\"')", true),
            new Col("c_year", "year", "integer", true),
            new Col("c_jsonb_text", "jsonb", "text", true),
            new Col("c_int_arr_text", "integer[]", "text", true),
            new Col("c_timetz", "timetz", "timetz", false),
            new Col("c_money", "money", "text", false),
            new Col("c_tsvector", "tsvector", "text", true),
            new Col("c_point", "point", "text", true),
            new Col("c_date_bc", "date", "date", true),
            new Col("c_box", "box", "text", true),
            new Col("c_circle", "circle", "text", true),
            new Col("c_lseg", "lseg", "text", true),
            new Col("c_path", "path", "text", true),
            new Col("c_polygon", "polygon", "text", true),
            new Col("c_line", "line", "text", true),
            new Col("c_timetz_arr", "timetz[]", "timetz[]", true),
            new Col("c_range", "tstzrange", "text", true),
            new Col("c_numrange", "numrange", "text", true),
            new Col("c_date_ts", "date", "timestamp", true)); // a date widened to timestamp

    static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s, "fine"');
            CREATE DOMAIN year AS integer CHECK (VALUE BETWEEN 1901 AND 2155);
            """;

    /** Row 1 is NULL everywhere but its key; rows 2 and 3 hold the edge cases. */
    static final String ROWS = """
            INSERT INTO zoo (id) VALUES (1);
            INSERT INTO zoo VALUES (2, true, -32768, -9223372036854775808, 'NaN', '-Infinity', 'NaN', -12345678.1234,
              'ab', E'h\u00e9llo, "w\u00f6rld" \\\\ {x}', E'tab\\there\\nnewline \u65e5\u672c\u8a9e \\\\ back', '0001-01-01',
              '23:59:59.999999', 'infinity', '2024-02-29 12:00:00.123456+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
              '\\x00ff10', '{"b": 1,  "a": [1, 2]}', '{"b": 1, "a": {"c": null, "\u00fc": "x"}}',
              '-178000000 years -2 mons +3 days -04:05:06.789', '2001:db8::1/64', '10.0.0.0/8', '08:00:2b:01:02:03',
              '08:00:2b:01:02:03:04:05', B'1010', B'101', '<a x="1">t&amp;&lt;</a>',
              ARRAY['a,b', '', NULL, 'q"uote', E'back\\\\slash', 'NULL', ' sp ', '{}'], '{}', '{1.50,NULL,-2}',
              ARRAY['2024-01-01 00:00:00+00'::timestamptz, NULL, 'infinity'], 'it''s, "fine"', 2000,
              '{"z": [true, 1.50]}', '{{1,2},{3,4}}', '12:34:56.5+05:30', 12.34, 'a fat cat sat', '(1.5,-2)', '0044-03-15 BC',
              '(1,2),(3.5,-4)', '<(1,2),0.1>', '[(0,0),(1e20,1.5e-5)]', '[(1,2),(3,4)]', '((0,0),(1,1),(1,0))', '{1,-1,0}',
              '{12:00:00.5+05:30,NULL,00:00:00-14:59}', '[2024-01-01 00:00+00,infinity)', '(,1.50]', '4713-01-01 BC');
            INSERT INTO zoo VALUES (3, false, 32767, 9223372036854775807, 'Infinity', 'NaN', '-Infinity', 0,
              '', '', '', '1500-03-01', '00:00:00', '-infinity', '0100-01-01 12:00:00+00 BC', '00000000-0000-0000-0000-000000000000',
              '\\x', '[]', '{}', '1000000 hours', '192.168.0.1', '::/0', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:00',
              B'0000', B'', '', '{}', '{1,NULL,3}', '{}', '{}', 'sad', 1901, 'null', '{}',
              '00:00:00-14:59', -92233720368547758.08, '', '(0,0)', '1000-01-01',
              '(0,0),(0,0)', '<(-0.000012345,123456789012345678),1e-300>', NULL, '((0.1,0.2),(0.3,0.4))', NULL,
              '{0.1,2e-308,-1.7976931348623157e308}', '{}', 'empty', NULL, 'infinity');
            """;

    /** Changes: one row updated in every column, one deleted, one inserted, row 1 untouched. */
    static final String ROUND = """
            UPDATE zoo SET c_bool = false, c_real = 1.5, c_numeric = 'Infinity', c_json = '{"a":1}',
              c_jsonb = '{"a": [1, {"b": 2}]}', c_interval = '1 year 2 mons 3 days 04:05:06.5', c_inet = '10.1.2.3/8',
              c_bit = B'0001', c_varbit = B'1111000011110000', c_xml = '<b/>', c_text_arr = ARRAY['x', NULL],
              c_int_arr = '{7}', c_num_arr = '{0.01}', c_mood = 'happy', c_year = 2155, c_jsonb_text = '[]',
              c_timetz = '01:02:03-08', c_date = '0044-03-15 BC', c_date_ts = '1582-10-10', c_ts = '0100-02-28 10:00 BC', c_point = '(3,4)', c_path = '[(1,2),(3,4.25)]', c_tsvector = 'the cat''s hat',
              c_range = '(2024-01-01 00:00+00,2024-02-01 00:00+00]' WHERE id = 2;
            DELETE FROM zoo WHERE id = 3;
            INSERT INTO zoo (id, c_json, c_interval, c_text_arr, c_mood, c_varchar, c_ts, c_tstz, c_numeric, c_int_arr)
              VALUES (4, '"just a string"', '-1 days +02:00:00', ARRAY['\u00e9t\u00e9', 'a b'], 'ok', 'new', 'infinity',
                '-infinity', 0.0000001, '[0:1]={5,6}');
            """;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @EnumSource(PostgresVersion.class)
    @DisplayName("the snapshot reader captures every column of the zoo exactly, live-only and forensic")
    void snapshot(PostgresVersion version) throws Exception {
        MvpStore mvp = zoo(PostgresExtension.server(version), false);
        for (String platform : List.of(LIVE, FORENSIC)) {
            CliRun first = CliRun.of(mvp.runJob(platform));
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        }
        assertMergeStoreTypes(mvp);
        assertCaptured(mvp, false);
        List<List<Object>> before = sourceText(mvp, false);

        mvp.source(ROUND);
        for (String platform : List.of(LIVE, FORENSIC)) {
            CliRun second = CliRun.of(mvp.runJob(platform));
            assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
            assertThat(second.out()).contains("batch 2: 1 inserted, 1 updated, 1 deleted");
        }
        assertCaptured(mvp, false);
        assertHistory(mvp, false, before);
        assertViews(mvp, false);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @EnumSource(PostgresVersion.class)
    @DisplayName("change data capture carries every column of the zoo it accepts exactly, live-only and forensic")
    void cdc(PostgresVersion version) throws Exception {
        MvpStore mvp = zoo(PostgresExtension.server(version), true);
        LoadResult loaded = Linter.validate(mvp.model);
        assertThat(loaded.hasErrors()).as(loaded.problems().toString()).isFalse();
        CredentialStore credentials = CredentialStore.parse("file:" + mvp.secrets);
        SourceConnections sources = new SourceConnections(credentials, "type-zoo");
        List<Stream> streams = new ArrayList<>();
        try {
            for (String platform : List.of(LIVE, FORENSIC)) {
                PipelineGraph graph = GraphBuilder.build(loaded.model(), platform);
                IngestionNode node = graph.streams().stream().filter(s -> s.key().equals(platform + "/customers"))
                        .findFirst().orElseThrow();
                Connection merge = Databases.open(Databases.address(graph.mergeStore(), graph.credential(), credentials,
                        "the merge store"), "the merge store", "type-zoo");
                Stream stream = new Stream(new StreamStep(merge, graph.schema(), graph.milestoning(), node, n -> { }),
                        sources.cdcReader(node, 1000, null), merge);
                streams.add(stream);
                StepResult full = stream.step();
                assertThat(full.outcome()).as(full.message()).isEqualTo(StepOutcome.DONE);
            }
            assertMergeStoreTypes(mvp);
            assertCaptured(mvp, true);
            List<List<Object>> before = sourceText(mvp, true);

            mvp.source(ROUND);
            for (Stream stream : streams) {
                assertThat(stream.reader.awaitData(Duration.ofSeconds(60))).as("the changes reach the reader").isTrue();
                StepResult delta = stream.step();
                assertThat(delta.outcome()).as(delta.message()).isEqualTo(StepOutcome.DONE);
            }
            assertCaptured(mvp, true);
            assertHistory(mvp, true, before);
            assertViews(mvp, true);
        } finally {
            for (Stream s : streams) {
                s.close();
            }
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a zoo column the model's type does not fit is refused before anything is written, saying what to write")
    void aMisfitIsRefusedAndTheMergeStoreIsUntouched() throws Exception {
        MvpStore mvp = zoo(PostgresExtension.server(), false);
        mvp.edit(STORE, "type: \"enum('sad','ok','happy','it''s, \\\"fine\\\"')\"", "type: \"enum('sad','ok','happy')\"");
        List<List<Object>> before = mvp.query(mvp.mergeDb, RunJobIT.CATALOG);
        CliRun refused = CliRun.of(mvp.runJob(LIVE));
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("column c_mood has type mood (an enum)",
                "does not fit the model's type enum('sad','ok','happy')",
                "add 'it''s, \"fine\"' to the model's enum (the source's enum has it), or declare it text");
        assertThat(mvp.query(mvp.mergeDb, RunJobIT.CATALOG)).as("nothing created").isEqualTo(before);

        mvp.edit(STORE, "type: \"enum('sad','ok','happy')\"", "type: \"text\"");
        mvp.edit(STORE, "name: c_json, type: \"json\"", "name: c_json, type: \"jsonb\"");
        refused = CliRun.of(mvp.runJob(LIVE));
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("column c_json has type json", "does not fit the model's type jsonb",
                "declare it json");
        assertThat(mvp.query(mvp.mergeDb, RunJobIT.CATALOG)).as("nothing created").isEqualTo(before);

        mvp.edit(STORE, "name: c_json, type: \"jsonb\"", "name: c_json, type: \"json\"");
        CliRun loaded = CliRun.of(mvp.runJob(LIVE));
        assertThat(loaded.exitCode()).as(loaded.out() + loaded.err()).isZero();
        assertThat(mvp.query(mvp.mergeDb, "SELECT c_mood FROM " + LIVE + "." + MERGE_TABLE + " ORDER BY id"))
                .extracting(r -> r.get(0)).containsExactly(null, "it's, \"fine\"", "sad");
    }

    @org.junit.jupiter.api.Test
    @DisplayName("change data capture refuses, before it starts, a text column whose text form Debezium does not "
            + "hand over, and says what works")
    void cdcRefusesWhatItCannotCarry() throws Exception {
        MvpStore mvp = zoo(PostgresExtension.server(), true);
        String id = "{ name: id, type: \"integer\", primaryKey: true }\n";
        mvp.edit(STORE, id, id + "      - { name: c_money, type: \"text\" }\n");
        assertThat(cdcReaderFault(mvp)).contains("column c_money has type money",
                "change data capture cannot carry as the model's type text", "capture the dataset with sql-snapshot");

        mvp.edit(STORE, "      - { name: c_money, type: \"text\" }\n", "");
        mvp.edit(STORE, "{ name: c_real, type: \"real\" }", "{ name: c_real, type: \"text\" }");
        assertThat(cdcReaderFault(mvp)).contains("column c_real has type", "declare it real");
    }

    @org.junit.jupiter.api.Test
    @DisplayName("validate --check-sources reports, at the dataset, what the readers would refuse, before anything runs")
    void validateChecksTheModelAgainstItsSources() throws Exception {
        MvpStore mvp = zoo(PostgresExtension.server(), false);
        String[] validate = {"validate", "--model", mvp.model.toString(), "--check-sources", "--credential-store",
            "file:" + mvp.secrets};
        CliRun clean = CliRun.of(validate);
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.err()).contains("Checking the source of yellow_live/customers");

        mvp.edit(STORE, "type: \"enum('sad','ok','happy','it''s, \\\"fine\\\"')\"", "type: \"enum('sad','ok','happy')\"");
        mvp.edit(STORE, "{ name: first_name, type: varchar(100)", "{ name: first_name, type: varchar(10)");
        CliRun misfit = CliRun.of(validate);
        assertThat(misfit.exitCode()).as(misfit.out() + misfit.err()).isEqualTo(1);
        assertThat(misfit.out()).contains("ERROR " + STORE + ":", "column c_mood has type mood (an enum)",
                "add 'it''s, \"fine\"' to the model's enum");
        assertThat(misfit.out()).as("each dataset is checked, once for both platforms").containsOnlyOnce("c_mood")
                .contains("column first_name has type varchar(100)");
        assertThat(misfit.out().lines().filter(l -> l.startsWith("ERROR")).count()).isEqualTo(2);

        mvp.edit(STORE, "port: " + mvp.pg.port(), "port: 1");
        java.nio.file.Files.writeString(mvp.secrets.resolve("crm_reader").resolve("password"), "s3cret-zoo-pw");
        CliRun unreachable = CliRun.of(validate);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.out()).contains("datastore 'customers': cannot connect to the source of customers at "
                + "postgresql://").doesNotContain("s3cret-zoo-pw");
    }

    /** The message of the fault that making the live platform's cdc reader ends in. */
    private static String cdcReaderFault(MvpStore mvp) throws Exception {
        LoadResult loaded = Linter.validate(mvp.model);
        assertThat(loaded.hasErrors()).as(loaded.problems().toString()).isFalse();
        IngestionNode node = GraphBuilder.build(loaded.model(), LIVE).streams().get(0);
        SourceConnections sources = new SourceConnections(CredentialStore.parse("file:" + mvp.secrets), "type-zoo");
        try (CdcReader reader = sources.cdcReader(node, 1000, null)) {
            throw new AssertionError("the reader started: " + reader.kind());
        } catch (io.datasurface.model.fault.DatasurfaceException e) {
            assertThat(e.retriable()).as("someone must change the model or the source first").isFalse();
            return e.getMessage();
        }
    }

    private record Stream(StreamStep streamStep, CdcReader reader, Connection merge) {
        StepResult step() {
            StepResult result;
            int steps = 0;
            do {
                result = streamStep.run(reader, 10);
            } while (result.outcome() == StepOutcome.KEEP_WORKING && ++steps < 20);
            return result;
        }

        void close() throws Exception {
            reader.close();
            merge.close();
        }
    }

    /** The mvp model and source with the zoo table added to the customers datastore and both workspaces' groups. */
    private MvpStore zoo(EmbeddedPostgresServer pg, boolean cdc) throws Exception {
        MvpStore mvp = new MvpStore(pg, tmp);
        mvp.source(SCHEMA + "CREATE TABLE zoo (" + ZOO.stream().map(c -> c.name() + " " + c.source()
                + (c.name().equals("id") ? " PRIMARY KEY" : "")).collect(Collectors.joining(", ")) + ");\n" + ROWS);
        StringBuilder yaml = new StringBuilder("  - name: zoo\n    classifications: [PC3]\n    columns:\n");
        for (Col c : columns(cdc)) {
            yaml.append("      - { name: ").append(c.name()).append(", type: \"").append(c.model()).append('"')
                    .append(c.name().equals("id") ? ", primaryKey: true" : "").append(" }\n");
        }
        mvp.edit(STORE, "datasets:\n", "datasets:\n" + yaml);
        if (cdc) {
            mvp.edit(STORE, "type: sql-snapshot", "type: cdc");
            mvp.edit(STORE, "  trigger:\n    cron: \"*/1 * * * *\"            # or: external\n", "");
        }
        mvp.edit(VIEWS, "sinks: [customers/customers, customers/addresses]\n  - name: audit",
                "sinks: [customers/customers, customers/addresses, customers/zoo]\n  - name: audit");
        mvp.edit(VIEWS, "sinks: [customers/customers, customers/addresses]\n",
                "sinks: [customers/customers, customers/addresses, customers/zoo]\n");
        return mvp;
    }

    private static List<Col> columns(boolean cdc) {
        return ZOO.stream().filter(c -> !cdc || c.cdc()).toList();
    }

    private static String textColumns(boolean cdc) {
        return columns(cdc).stream().map(c -> c.name() + (c.source().equals("date") && c.model().equals("timestamp")
                ? "::timestamp" : "") + "::text").collect(Collectors.joining(", "));
    }

    private static List<List<Object>> sourceText(MvpStore mvp, boolean cdc) throws Exception {
        return mvp.query(mvp.sourceDb, "SELECT " + textColumns(cdc) + " FROM zoo ORDER BY id");
    }

    /** Both platforms' merge tables (a forensic one's current versions) equal the source, text for text. */
    private static void assertCaptured(MvpStore mvp, boolean cdc) throws Exception {
        List<List<Object>> source = sourceText(mvp, cdc);
        assertThat(source).hasSizeGreaterThanOrEqualTo(3);
        assertThat(mvp.query(mvp.mergeDb, "SELECT " + textColumns(cdc) + " FROM " + LIVE + "." + MERGE_TABLE
                + " ORDER BY id")).as("live-only merge table").containsExactlyElementsOf(source);
        assertThat(mvp.query(mvp.mergeDb, "SELECT " + textColumns(cdc) + " FROM " + FORENSIC + "." + MERGE_TABLE
                + " WHERE ds_surf_batch_out = 2147483647 ORDER BY id")).as("forensic current versions")
                .containsExactlyElementsOf(source);
    }

    /**
     * The forensic table kept the versions the round replaced, exactly, and made no new version of the
     * untouched row (its change-detection hash is stable across reads of the same values).
     */
    private static void assertHistory(MvpStore mvp, boolean cdc, List<List<Object>> before) throws Exception {
        String table = FORENSIC + "." + MERGE_TABLE;
        assertThat(mvp.query(mvp.mergeDb, "SELECT id, count(*) FROM " + table + " GROUP BY id ORDER BY id"))
                .containsExactly(List.of(1, 1L), List.of(2, 2L), List.of(3, 1L), List.of(4, 1L));
        assertThat(mvp.query(mvp.mergeDb, "SELECT " + textColumns(cdc) + " FROM " + table
                + " WHERE ds_surf_batch_out <> 2147483647 ORDER BY id"))
                .as("the versions the round closed").containsExactly(before.get(1), before.get(2));
    }

    /** The merge tables have the real types, not text: an enum is text, the rest keep their kind. */
    private static void assertMergeStoreTypes(MvpStore mvp) throws Exception {
        List<List<Object>> types = mvp.query(mvp.mergeDb, "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_attribute a WHERE a.attrelid = '" + LIVE + "." + MERGE_TABLE + "'::regclass AND a.attnum > 0 "
                + "AND a.attname IN ('c_json', 'c_interval', 'c_bit', 'c_varbit', 'c_text_arr', 'c_num_arr', 'c_mood', "
                + "'c_year', 'c_macaddr8', 'c_tstz_arr') ORDER BY 1");
        assertThat(types).containsExactly(List.of("c_bit", "bit(4)"), List.of("c_interval", "interval"),
                List.of("c_json", "json"), List.of("c_macaddr8", "macaddr8"), List.of("c_mood", "text"),
                List.of("c_num_arr", "numeric(8,2)[]"), List.of("c_text_arr", "text[]"),
                List.of("c_tstz_arr", "timestamp with time zone[]"), List.of("c_varbit", "bit varying(16)"),
                List.of("c_year", "integer"));
    }

    /** The consumer views over the merge tables expose the same values. */
    private static void assertViews(MvpStore mvp, boolean cdc) throws Exception {
        for (String platform : List.of(LIVE, FORENSIC)) {
            CliRun reconcile = CliRun.of(mvp.reconcile(platform));
            assertThat(reconcile.exitCode()).as(reconcile.out() + reconcile.err()).isZero();
        }
        List<List<Object>> source = sourceText(mvp, cdc);
        assertThat(mvp.query(mvp.mergeDb, "SELECT " + textColumns(cdc) + " FROM public.yellow_live_analytics_live_zoo_view "
                + "ORDER BY id")).as("live view").containsExactlyElementsOf(source);
        assertThat(mvp.query(mvp.mergeDb, "SELECT " + textColumns(cdc)
                + " FROM public.yellow_forensic_analytics_audit_zoo_view ORDER BY id")).as("forensic view")
                .containsExactlyElementsOf(source);
        assertThat(mvp.query(mvp.mergeDb, "SELECT count(*) FROM public.yellow_forensic_analytics_audit_zoo_view_history"))
                .as("history view: every version").containsExactly(List.of(5L));
    }
}

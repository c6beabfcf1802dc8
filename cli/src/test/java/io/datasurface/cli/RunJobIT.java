package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class RunJobIT {
    static final String CUSTOMERS_COLUMNS = "id, first_name, last_name, email, phone, dob, created_at";

    @TempDir
    Path tmp;
    MvpStore mvp;

    @BeforeEach
    void setUp(EmbeddedPostgresServer pg) throws Exception {
        mvp = new MvpStore(pg, tmp);
        mvp.source("""
                INSERT INTO customers VALUES
                  ('c1', 'Ada', 'Lovelace', 'ada@example.com', NULL, '1815-12-10', '2026-01-01 10:00:00'),
                  ('c2', 'Alan', 'Turing', NULL, '+44 1', '1912-06-23', '2026-01-02 11:00:00.123456'),
                  ('c3', 'Grace', 'Hopper', 'grace@example.com', NULL, NULL, '2026-01-03 12:00:00');
                INSERT INTO addresses VALUES
                  ('a1', 'c1', 'billing', '12 St James''s Square', 'London', NULL, 'SW1Y'),
                  ('a2', 'c3', 'shipping', '1 Navy Way', 'Arlington', 'VA', '22202');
                """);
    }

    @Test
    void firstLoadThenChangesOnALiveOnlyPlatform() throws Exception {
        CliRun first = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).startsWith("RESULT: DONE stream yellow_live/customers batch 1: 5 inserted, 0 updated, "
                + "0 deleted in ");
        assertThat(merged("yellow_live", "customers_customers_merge")).isEqualTo(source("customers"));
        assertThat(merged("yellow_live", "customers_addresses_merge")).isEqualTo(source("addresses"));

        mvp.source("UPDATE customers SET email = 'alan@example.com' WHERE id = 'c2'; DELETE FROM addresses WHERE id = 'a2';"
                + "INSERT INTO addresses VALUES ('a3', 'c2', 'shipping', 'Bletchley Park', 'Milton Keynes', NULL, 'MK3')");
        CliRun second = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(second.out()).startsWith("RESULT: DONE stream yellow_live/customers batch 2: 1 inserted, 1 updated, "
                + "1 deleted in ");
        assertThat(merged("yellow_live", "customers_customers_merge")).isEqualTo(source("customers"));
        assertThat(merged("yellow_live", "customers_addresses_merge")).isEqualTo(source("addresses"));
        assertThat(mvp.query(mvp.mergeDb, "SELECT id, ds_surf_batch_id FROM yellow_live.customers_customers_merge "
                + "ORDER BY id")).containsExactly(List.of("c1", 1), List.of("c2", 2), List.of("c3", 1));
    }

    @Test
    void aSnapshotAfterTheFirstCarriesOnlyWhatChangedUnlessFullIsAsked() throws Exception {
        assertThat(CliRun.of(mvp.runJob("yellow_forensic")).exitCode()).isZero();
        mvp.source("UPDATE customers SET email = 'grace.hopper@example.org' WHERE id = 'c3'");
        CliRun diff = CliRun.of(mvp.runJob("yellow_forensic"));
        assertThat(diff.out()).startsWith("RESULT: DONE stream yellow_forensic/customers batch 2: 0 inserted, 1 updated, "
                + "0 deleted in ");
        CliRun full = CliRun.of(mvp.runJob("yellow_forensic", "--full"));
        assertThat(full.out()).startsWith("RESULT: DONE stream yellow_forensic/customers batch 3: 0 inserted, 0 updated, "
                + "0 deleted in ");
        long customers = (Long) mvp.query(mvp.sourceDb, "SELECT count(*) FROM customers").get(0).get(0);
        long addresses = (Long) mvp.query(mvp.sourceDb, "SELECT count(*) FROM addresses").get(0).get(0);
        assertThat(mvp.query(mvp.mergeDb, "SELECT kind, loaded::text FROM yellow_forensic.batches ORDER BY batch_id"))
                .containsExactly(List.of("FULL", "{\"addresses\": " + addresses + ", \"customers\": " + customers + "}"),
                        List.of("DELTA", "{\"customers\": 1}"),
                        List.of("FULL", "{\"addresses\": " + addresses + ", \"customers\": " + customers + "}"));
    }

    @Test
    void forensicPlatformKeepsEveryVersion() throws Exception {
        assertThat(CliRun.of(mvp.runJob("yellow_forensic")).exitCode()).isZero();
        mvp.source("UPDATE customers SET last_name = 'Hopper-Murray' WHERE id = 'c3'");
        assertThat(CliRun.of(mvp.runJob("yellow_forensic")).exitCode()).isZero();
        assertThat(mvp.query(mvp.mergeDb, "SELECT id, last_name, ds_surf_batch_in, ds_surf_batch_out FROM "
                + "yellow_forensic.customers_customers_merge WHERE id = 'c3' ORDER BY ds_surf_batch_in"))
                .containsExactly(List.of("c3", "Hopper", 1, 1), List.of("c3", "Hopper-Murray", 2, Integer.MAX_VALUE));
    }

    @Test
    void aLargeLoadTakesSeveralRestartableSteps() throws Exception {
        mvp.source("INSERT INTO customers SELECT 'g' || i, 'F' || i, 'L' || i, NULL, NULL, NULL, now() "
                + "FROM generate_series(1, 1000) i");
        int keepWorking = 0;
        CliRun run;
        do {
            run = CliRun.of(mvp.runJob("yellow_live", "--chunk-rows", "100", "--max-chunks", "2"));
            if (run.exitCode() == RunJobCommand.KEEP_WORKING) {
                keepWorking++;
                assertThat(run.out()).startsWith("RESULT: KEEP_WORKING stream yellow_live/customers batch 1: ");
            }
        } while (run.exitCode() == RunJobCommand.KEEP_WORKING && keepWorking < 100);
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(keepWorking).isGreaterThanOrEqualTo(4);
        assertThat(run.out()).contains("batch 1: 1005 inserted");
        assertThat(merged("yellow_live", "customers_customers_merge")).isEqualTo(source("customers"));
    }

    static final String CATALOG = "SELECT n.nspname, c.relname, c.relkind::text, a.attname, "
            + "format_type(a.atttypid, a.atttypmod) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "ORDER BY 1, 2, 4";

    @Test
    @DisplayName("a run refused because a source type does not fit leaves the merge store's catalog as it was "
            + "(the merge table was created or altered before the type check failed)")
    void aRefusedRunLeavesTheMergeStoreAsItWas() throws Exception {
        mvp.source("ALTER TABLE customers ALTER COLUMN dob TYPE timestamptz");
        List<List<Object>> empty = mvp.query(mvp.mergeDb, CATALOG);
        CliRun refused = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("column dob has type timestamptz", "does not fit the model's type date",
                "declare it timestamptz");
        assertThat(mvp.query(mvp.mergeDb, CATALOG)).as("nothing created").isEqualTo(empty);

        mvp.source("ALTER TABLE customers ALTER COLUMN dob TYPE date");
        assertThat(CliRun.of(mvp.runJob("yellow_live")).exitCode()).isZero();
        List<List<Object>> loaded = mvp.query(mvp.mergeDb, CATALOG);
        assertThat(loaded).contains(List.of("yellow_live", "customers_customers_merge", "r", "dob", "date"));

        // the model widens dob to timestamp, but the source's timestamptz fits neither: nothing is altered
        mvp.source("ALTER TABLE customers ALTER COLUMN dob TYPE timestamptz");
        Path store = mvp.model.resolve("zones/retail/teams/crm/customers.yaml");
        String original = java.nio.file.Files.readString(store);
        java.nio.file.Files.writeString(store, original.replace("{ name: dob,        type: date }",
                "{ name: dob,        type: timestamp }"));
        CliRun widened = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(widened.exitCode()).as(widened.out()).isEqualTo(1);
        assertThat(widened.out()).contains("column dob has type timestamptz", "the model's type timestamp");
        assertThat(mvp.query(mvp.mergeDb, CATALOG)).as("nothing altered").isEqualTo(loaded);

        // so going back to the original type works: the merge store was never widened
        java.nio.file.Files.writeString(store, original);
        mvp.source("ALTER TABLE customers ALTER COLUMN dob TYPE date");
        CliRun again = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(merged("yellow_live", "customers_customers_merge")).isEqualTo(source("customers"));
    }

    @Test
    void anUnreachableSourceIsAnErrorThatNamesTheAddressButNotThePassword() {
        CliRun run = CliRun.of(mvp.runJob("yellow_live", "--source-db", "postgresql://reader:s3cr3t-pw@127.0.0.1:1/crm"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("RESULT: ERROR stream yellow_live/customers: cannot connect to the source of "
                + "customers at postgresql://reader@127.0.0.1:1/crm");
        assertThat(run.out() + run.err()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void anUnreachableMergeStoreIsAnErrorAndTheNextRunRecovers() throws Exception {
        CliRun run = CliRun.of(mvp.runJob("yellow_live", "--merge-db", "postgresql://ds:hunter2@127.0.0.1:1/merge"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("cannot connect to the merge store at postgresql://ds@127.0.0.1:1/merge")
                .doesNotContain("hunter2");
        assertThat(CliRun.of(mvp.runJob("yellow_live")).exitCode()).isZero();
    }

    @Test
    void aMistypedJdbcUrlNamesTheProblemButNotThePassword() {
        CliRun run = CliRun.of(mvp.runJob("yellow_live", "--merge-db",
                "jdbc:postgres://127.0.0.1:" + mvp.pg.port() + "/x?user=ds&password=S3cretPW"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("'jdbc:postgres:' URLs are not supported", "write jdbc:postgresql://")
                .doesNotContain("S3cretPW");
    }

    @Test
    void aJdbcUrlWithItsOwnUserNeedsNoNamedCredential() {
        String[] args = mvp.runJob("yellow_live", "--merge-db", "jdbc:postgresql://127.0.0.1:" + mvp.pg.port() + "/"
                + mvp.mergeDb + "?user=" + mvp.pg.user() + "&password=" + mvp.pg.password(), "--source-db",
                "postgresql://" + mvp.pg.user() + ":" + mvp.pg.password() + "@127.0.0.1:" + mvp.pg.port() + "/"
                        + mvp.sourceDb);
        args[8] = "env"; // --credential-store env, where no MERGE_RW_* or CRM_READER_* is set
        CliRun run = CliRun.of(args);
        assertThat(run.out()).as(run.err()).startsWith("RESULT: DONE");
    }

    @Test
    void aNullKeyIsFoundAlsoWhenTheTableIsReadInSeveralSteps() throws Exception {
        mvp.source("ALTER TABLE addresses DROP CONSTRAINT addresses_pkey; ALTER TABLE addresses ALTER COLUMN id "
                + "DROP NOT NULL; INSERT INTO addresses VALUES (NULL, 'c2', 'billing', 'Nowhere', 'Void', NULL, NULL)");
        CliRun run;
        int steps = 0;
        do {
            run = CliRun.of(mvp.runJob("yellow_live", "--chunk-rows", "1", "--max-chunks", "1"));
        } while (run.exitCode() == RunJobCommand.KEEP_WORKING && ++steps < 50);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("addresses").contains("is NULL");
        assertThat(mvp.query(mvp.mergeDb, "SELECT count(*) FROM yellow_live.customers_addresses_merge"))
                .containsExactly(List.of(0L));
    }

    @Test
    void missingCredentialsSayWhichVariablesToSet() {
        String[] args = mvp.runJob("yellow_live");
        args[args.length - 1] = "env";
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("set MERGE_RW_USER and MERGE_RW_PASSWORD");
    }

    @Test
    void aSourceTableMissingAModelledColumnIsNamed() throws Exception {
        mvp.source("ALTER TABLE customers DROP COLUMN phone");
        CliRun run = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("RESULT: ERROR").contains("customers").contains("phone");
    }

    @Test
    void duplicateKeysInASnapshotAreNamedAndNothingIsCommitted() throws Exception {
        assertThat(CliRun.of(mvp.runJob("yellow_live")).exitCode()).isZero();
        mvp.source("ALTER TABLE addresses DROP CONSTRAINT addresses_pkey; "
                + "INSERT INTO addresses VALUES ('a1', 'c2', 'shipping', 'Elsewhere', 'Paris', NULL, '75001')");
        CliRun run = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("batch 2").contains("(id)=(a1)");
        assertThat(mvp.query(mvp.mergeDb, "SELECT count(*) FROM yellow_live.customers_addresses_merge"))
                .containsExactly(List.of(2L));
        assertThat(mvp.query(mvp.mergeDb, "SELECT status FROM yellow_live.batches WHERE batch_id = 2"))
                .containsExactly(List.of("FAILED"));
    }

    /**
     * An H2 source is read only with {@code --allow-h2} (tests and local trials): the run without it is
     * refused before anything is opened, the run with it merges the rows.
     */
    @Test
    void anH2SourceThroughAJdbcContainerIsReadOnlyWhenAllowed() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("crm-h2").toAbsolutePath();
        try (java.sql.Connection h2 = java.sql.DriverManager.getConnection(url, mvp.pg.user(), mvp.pg.password());
             java.sql.Statement s = h2.createStatement()) {
            s.execute(java.nio.file.Files.readString(MvpStore.MVP.resolve("source.sql"))
                    .replace("DEFAULT now()", "DEFAULT CURRENT_TIMESTAMP"));
            s.execute("INSERT INTO customers VALUES ('h1', 'Hedy', 'Lamarr', NULL, NULL, DATE '1914-11-09', "
                    + "TIMESTAMP '2026-01-01 00:00:00')");
            s.execute("INSERT INTO addresses VALUES ('ha', 'h1', 'billing', '1 Main', 'Vienna', NULL, '1010')");
        }
        // an H2 database has no host: the ecosystem declares it as a container and lets crm_reader log in there
        mvp.edit("ecosystem.yaml", "\n\nplatforms:", "\n  - { name: crm_h2, kind: jdbc, url: \"" + url
                + "\" }\n\nplatforms:");
        mvp.edit("ecosystem.yaml", "    teams: [crm]\n", "    teams: [crm]\n    containers: [crm_h2]\n");
        java.nio.file.Path store = mvp.model.resolve("zones/retail/teams/crm/customers.yaml");
        String yaml = java.nio.file.Files.readString(store);
        yaml = yaml.replaceAll("(?s)  source:.*?\n  credential:", "  source: crm_h2\n  credential:");
        java.nio.file.Files.writeString(store, yaml);

        CliRun refused = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).startsWith("RESULT: ERROR stream yellow_live/customers: cannot connect to the "
                + "source of customers at " + url + ": H2 databases are read only by 'datasurface run-job --allow-h2'");

        CliRun run = CliRun.of(mvp.runJob("yellow_live", "--allow-h2"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("batch 1: 2 inserted");
        assertThat(mvp.query(mvp.mergeDb, "SELECT id, first_name, dob::text FROM yellow_live.customers_customers_merge"))
                .containsExactly(List.of("h1", "Hedy", "1914-11-09"));
    }

    @Test
    @DisplayName("H2's INIT= runs code on this host: refused also with --allow-h2 and for an address given on the command line")
    void anH2UrlThatRunsCodeIsRefusedEvenWhenH2IsAllowed() {
        java.nio.file.Path marker = tmp.resolve("marker.txt");
        String url = "jdbc:h2:mem:evil;INIT=CALL FILE_WRITE(STRINGTOUTF8('ran'), '"
                + marker.toAbsolutePath().toString().replace("\\", "/") + "')";
        CliRun run = CliRun.of(mvp.runJob("yellow_live", "--allow-h2", "--source-db", url));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("RESULT: ERROR stream yellow_live/customers: cannot connect to the source of "
                + "customers at ").contains("H2 setting(s) 'INIT' are not allowed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aWatermarkStreamMergesOnlyWhatMovedPastTheHighWatermark() throws Exception {
        mvp.source("ALTER TABLE customers ADD COLUMN updated_at timestamp; ALTER TABLE addresses ADD COLUMN updated_at "
                + "timestamp; UPDATE customers SET updated_at = TIMESTAMP '2026-01-01 00:00:00'; "
                + "UPDATE addresses SET updated_at = TIMESTAMP '2026-01-01 00:00:00'");
        java.nio.file.Path store = mvp.model.resolve("zones/retail/teams/crm/customers.yaml");
        String yaml = java.nio.file.Files.readString(store)
                .replace("type: sql-snapshot", "type: sql-watermark\n  watermark: updated_at")
                .replace("      - { name: created_at, type: timestamp,    nullable: false }",
                        "      - { name: created_at, type: timestamp,    nullable: false }\n"
                                + "      - { name: updated_at, type: timestamp }")
                .replace("      - { name: zip,         type: varchar(10) }",
                        "      - { name: zip,         type: varchar(10) }\n      - { name: updated_at, type: timestamp }");
        java.nio.file.Files.writeString(store, yaml);

        CliRun first = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(first.out()).as(first.err()).startsWith("RESULT: DONE stream yellow_live/customers batch 1: 5 inserted");
        mvp.source("UPDATE customers SET email = 'grace@navy.mil', updated_at = TIMESTAMP '2026-02-01 00:00:00' "
                + "WHERE id = 'c3'; UPDATE customers SET email = 'unseen@example.com' WHERE id = 'c1'");
        CliRun second = CliRun.of(mvp.runJob("yellow_live"));
        assertThat(second.out()).startsWith("RESULT: DONE stream yellow_live/customers batch 2: 0 inserted, 1 updated, "
                + "0 deleted");
        assertThat(mvp.query(mvp.mergeDb, "SELECT id, email FROM yellow_live.customers_customers_merge ORDER BY id"))
                .as("c1 changed without moving its watermark, so it is not seen")
                .containsExactly(List.of("c1", "ada@example.com"), java.util.Arrays.asList("c2", null),
                        List.of("c3", "grace@navy.mil"));
        assertThat(mvp.query(mvp.mergeDb, "SELECT kind, source_position IS NOT NULL FROM yellow_live.batches "
                + "WHERE batch_id = 2")).containsExactly(List.of("DELTA", true));
    }

    @Test
    void anUnknownStreamListsTheStreams() {
        CliRun run = CliRun.of("run-job", "--model", mvp.model.toString(), "--platform", "yellow_live", "--stream",
                "orders");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("RESULT: ERROR stream yellow_live/orders: platform 'yellow_live' has no stream "
                + "'orders'; its streams are: customers\n");
    }

    private List<List<Object>> merged(String schema, String table) throws Exception {
        String columns = table.equals("customers_customers_merge") ? CUSTOMERS_COLUMNS
                : "id, customer_id, kind, street, city, state, zip";
        return mvp.query(mvp.mergeDb, "SELECT " + columns + " FROM " + schema + "." + table + " ORDER BY id");
    }

    private List<List<Object>> source(String table) throws Exception {
        String columns = table.equals("customers") ? CUSTOMERS_COLUMNS : "id, customer_id, kind, street, city, state, zip";
        return mvp.query(mvp.sourceDb, "SELECT " + columns + " FROM " + table + " ORDER BY id");
    }
}

package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.model.naming.SqlNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class ReconcileViewsIT {
    static final String LIVE_CUSTOMERS = "yellow_live_analytics_live_customers_view";
    static final String LIVE_ADDRESSES = "yellow_live_analytics_live_addresses_view";
    static final String AUDIT_CUSTOMERS = "yellow_forensic_analytics_audit_customers_view";
    static final String AUDIT_CUSTOMERS_HISTORY = "yellow_forensic_analytics_audit_customers_view_history";
    static final String WORKSPACES = "zones/retail/teams/analytics/analytics.yaml";
    static final String MAPPING = "dsg_platform_mapping.json";

    @TempDir
    Path tmp;
    MvpStore mvp;
    EmbeddedPostgresServer pg;

    @BeforeEach
    void setUp(EmbeddedPostgresServer pg) throws Exception {
        this.pg = pg;
        mvp = new MvpStore(pg, tmp);
        mvp.source("""
                INSERT INTO customers VALUES
                  ('c1', 'Ada', 'Lovelace', 'ada@example.com', NULL, '1815-12-10', '2026-01-01 10:00:00'),
                  ('c2', 'Alan', 'Turing', NULL, '+44 1', '1912-06-23', '2026-01-02 11:00:00');
                INSERT INTO addresses VALUES ('a1', 'c1', 'billing', '12 St James''s Square', 'London', NULL, 'SW1Y');
                """);
    }

    @Test
    void createsTheViewsThenARerunChangesNothing() throws Exception {
        load("yellow_live");
        CliRun first = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("Created view: " + LIVE_ADDRESSES + "\n", "Created view: " + LIVE_CUSTOMERS + "\n",
                "Summary:", "Views created: 2", "Views updated: 0", "Views failed: 0");
        assertThat(mergeQuery("SELECT * FROM public." + LIVE_CUSTOMERS + " ORDER BY id"))
                .isEqualTo(mvp.query(mvp.sourceDb, "SELECT * FROM customers ORDER BY id"));
        assertThat(columnsOf("public", LIVE_CUSTOMERS))
                .containsExactly("id", "first_name", "last_name", "email", "phone", "dob", "created_at");

        CliRun again = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("View already up to date: " + LIVE_CUSTOMERS, "Views created: 0",
                "Views updated: 0", "Views already up to date: 2", "Views failed: 0");
    }

    @Test
    void aColumnAddedToTheModelUpdatesTheViewOnceTheMergeTableHasIt() throws Exception {
        load("yellow_live");
        assertThat(CliRun.of(mvp.reconcile("yellow_live")).exitCode()).isZero();
        mvp.edit("zones/retail/teams/crm/customers.yaml", "      - { name: created_at, type: timestamp,    nullable: false }",
                "      - { name: created_at, type: timestamp,    nullable: false }\n      - { name: tier, type: varchar(10) }");
        mvp.source("ALTER TABLE customers ADD COLUMN tier varchar(10); UPDATE customers SET tier = 'gold' WHERE id = 'c1'");

        CliRun early = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.out()).contains("Failed view: " + LIVE_CUSTOMERS + ": merge table "
                + "yellow_live.customers_customers_merge lacks column tier", "Views failed: 1");
        assertThat(columnsOf("public", LIVE_CUSTOMERS)).doesNotContain("tier"); // left as it was

        load("yellow_live");
        CliRun after = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(after.out()).contains("Updated view: " + LIVE_CUSTOMERS, "View already up to date: " + LIVE_ADDRESSES,
                "Views updated: 1");
        assertThat(mergeQuery("SELECT id, tier FROM public." + LIVE_CUSTOMERS + " ORDER BY id"))
                .containsExactly(List.of("c1", "gold"), Arrays.asList("c2", null));
    }

    @Test
    void aWidenedColumnKeepsTheViewsTheirGrantsAndTheStreamRunning() throws Exception {
        load("yellow_live");
        assertThat(CliRun.of(mvp.reconcile("yellow_live", "--grant")).exitCode()).isZero();
        mvp.edit("zones/retail/teams/crm/customers.yaml", "{ name: last_name,  type: varchar(100)", "{ name: last_name,  type: varchar(300)");
        mvp.source("ALTER TABLE customers ALTER COLUMN last_name TYPE varchar(300);"
                + "UPDATE customers SET last_name = repeat('x', 250) WHERE id = 'c1'");
        load("yellow_live"); // PostgreSQL cannot alter a column a view reads: the views are kept around it
        assertThat(columnType("public", LIVE_CUSTOMERS, "last_name")).isEqualTo("character varying(300)");
        assertThat(asRole("yellow_live_analytics_reader", "SELECT length(last_name) FROM public." + LIVE_CUSTOMERS
                + " WHERE id = 'c1'")).isEqualTo("250");
        CliRun again = CliRun.of(mvp.reconcile("yellow_live", "--grant"));
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("View already up to date: " + LIVE_CUSTOMERS);
    }

    @Test
    void aColumnRemovedFromTheModelReplacesTheView() throws Exception {
        load("yellow_live");
        assertThat(CliRun.of(mvp.reconcile("yellow_live")).exitCode()).isZero();
        mvp.edit("zones/retail/teams/crm/customers.yaml", "      - { name: phone,      type: varchar(30) }\n", "");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("Updated view: " + LIVE_CUSTOMERS);
        assertThat(columnsOf("public", LIVE_CUSTOMERS)).doesNotContain("phone").contains("dob");
    }

    @Test
    void aMissingMergeTableIsNamedAndExitsWithOne() {
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Failed view: " + LIVE_CUSTOMERS
                        + ": merge table yellow_live.customers_customers_merge does not exist",
                "Views created: 0", "Views failed: 2");
    }

    @Test
    void forensicViewsShowTheLiveRowsAndEveryVersionWithCommitTimes() throws Exception {
        load("yellow_forensic");                                                        // batch 1
        String afterFirst = now();
        mvp.source("UPDATE customers SET email = 'alan@example.com' WHERE id = 'c2'");
        load("yellow_forensic");                                                        // batch 2
        String afterSecond = now();
        mvp.source("DELETE FROM addresses; DELETE FROM customers WHERE id = 'c1'");
        load("yellow_forensic");                                                        // batch 3
        mvp.source("INSERT INTO customers VALUES ('c1', 'Ada', 'King', NULL, NULL, NULL, '2026-01-01 10:00:00')");
        load("yellow_forensic");                                                        // batch 4

        CliRun run = CliRun.of(mvp.reconcile("yellow_forensic"));
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("Created view: " + AUDIT_CUSTOMERS + "\n", "Created view: " + AUDIT_CUSTOMERS_HISTORY,
                "Views created: 4");

        assertThat(mergeQuery("SELECT * FROM " + AUDIT_CUSTOMERS + " ORDER BY id"))
                .isEqualTo(mvp.query(mvp.sourceDb, "SELECT * FROM customers ORDER BY id"));
        assertThat(mergeQuery("SELECT id, last_name, email, ds_surf_batch_in, ds_surf_batch_out FROM "
                + AUDIT_CUSTOMERS_HISTORY + " ORDER BY id, ds_surf_batch_in")).containsExactly(
                List.of("c1", "Lovelace", "ada@example.com", 1, 2),
                Arrays.asList("c1", "King", null, 4, Integer.MAX_VALUE),
                Arrays.asList("c2", "Turing", null, 1, 1),
                List.of("c2", "Turing", "alan@example.com", 2, Integer.MAX_VALUE));
        // each version is valid from its batch's commit to the commit of the batch that ended it
        assertThat(mergeQuery("SELECT count(*) FROM " + AUDIT_CUSTOMERS_HISTORY + " h JOIN yellow_forensic.batches b "
                + "ON b.stream = 'yellow_forensic/customers' AND b.batch_id = h.ds_surf_batch_in "
                + "WHERE h.ds_surf_valid_from = b.committed_at")).containsExactly(List.of(4L));
        assertThat(mergeQuery("SELECT count(*) FROM " + AUDIT_CUSTOMERS_HISTORY
                + " WHERE ds_surf_valid_to = 'infinity'")).containsExactly(List.of(2L));

        // as of a time between batch 1 and batch 2: Alan had no email and Ada was still there
        assertThat(asOf(afterFirst)).containsExactly(List.of("c1", "Lovelace"), Arrays.asList("c2", null));
        assertThat(asOf(afterSecond)).containsExactly(List.of("c1", "Lovelace"), List.of("c2", "alan@example.com"));
        assertThat(asOf(now())).containsExactly(List.of("c1", "King"), List.of("c2", "alan@example.com"));
    }

    @Test
    void aNameOverSixtyThreeCharactersIsShortenedDeterministically() throws Exception {
        Files.writeString(mvp.model.resolve("zones/retail/teams/analytics/revenue.yaml"), """
                kind: Workspace
                name: quarterly_revenue_reconciliation_team
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: customer_master_data
                    requirements: { milestoning: live-only }
                    sinks: [customers/customers]
                """);
        mvp.edit(MAPPING, "[\n", "[\n  {\"workspace\": \"quarterly_revenue_reconciliation_team\", \"dsg\": "
                + "\"customer_master_data\", \"assignments\": [{\"dataPlatform\": \"yellow_live\", "
                + "\"status\": \"PROVISIONED\"}]},\n");
        load("yellow_live");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String full = "yellow_live_quarterly_revenue_reconciliation_team_customer_master_data_customers_view";
        String name = SqlNames.view("yellow_live", "quarterly_revenue_reconciliation_team", "customer_master_data",
                "customers");
        assertThat(name).hasSize(63).startsWith(full.substring(0, 54) + "_");
        assertThat(run.out()).contains("Created view: " + name + "\n");
        assertThat(mergeQuery("SELECT count(*) FROM public." + name)).containsExactly(List.of(2L));
    }

    @Test
    void aDecommissionedGroupLosesItsViews() throws Exception {
        load("yellow_live");
        assertThat(CliRun.of(mvp.reconcile("yellow_live")).exitCode()).isZero();
        mvp.edit(MAPPING, "\"yellow_live\", \"status\": \"PROVISIONED\"", "\"yellow_live\", \"status\": \"DECOMMISSIONED\"");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Dropped view: " + LIVE_ADDRESSES, "Dropped view: " + LIVE_CUSTOMERS,
                "Views dropped: 2");
        assertThat(mergeQuery("SELECT count(*) FROM pg_views WHERE viewname LIKE 'yellow_live_%'"))
                .containsExactly(List.of(0L));
    }

    @Test
    void aViewSomeoneElseMadeIsNeverReplaced() throws Exception {
        load("yellow_live");
        mvp.sql(mvp.mergeDb, "CREATE VIEW public." + LIVE_CUSTOMERS + " AS SELECT 1 AS mine");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Failed view: " + LIVE_CUSTOMERS + ": a view of this name exists");
        assertThat(columnsOf("public", LIVE_CUSTOMERS)).containsExactly("mine");
    }

    @Test
    void aHandEditedViewIsPutBack() throws Exception {
        load("yellow_live");
        assertThat(CliRun.of(mvp.reconcile("yellow_live")).exitCode()).isZero();
        mvp.sql(mvp.mergeDb, "CREATE OR REPLACE VIEW public." + LIVE_CUSTOMERS + " AS SELECT id, first_name, last_name, "
                + "email, phone, dob, created_at FROM yellow_live.customers_customers_merge WHERE id = 'c1'");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(run.out()).contains("Updated view: " + LIVE_CUSTOMERS);
        assertThat(mergeQuery("SELECT count(*) FROM public." + LIVE_CUSTOMERS)).containsExactly(List.of(2L));
    }

    @Test
    void grantLetsEachWorkspaceReadOnlyItsOwnViews() throws Exception {
        Files.writeString(mvp.model.resolve("zones/retail/teams/analytics/finance.yaml"), """
                kind: Workspace
                name: finance
                team: analytics
                container: platform-managed
                datasetGroups:
                  - name: billing
                    requirements: { milestoning: live-only }
                    sinks: [customers/addresses]
                """);
        mvp.edit(MAPPING, "[\n", "[\n  {\"workspace\": \"finance\", \"dsg\": \"billing\", \"assignments\": "
                + "[{\"dataPlatform\": \"yellow_live\", \"status\": \"PROVISIONED\"}]},\n");
        load("yellow_live");
        CliRun run = CliRun.of(mvp.reconcile("yellow_live", "--view-schema", "consumers", "--grant"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        assertThat(asRole("yellow_live_analytics_reader", "SELECT count(*) FROM consumers." + LIVE_CUSTOMERS))
                .isEqualTo("2");
        assertThat(asRole("yellow_live_finance_reader", "SELECT count(*) FROM consumers.yellow_live_finance_billing_addresses_view"))
                .isEqualTo("1");
        assertThatThrownBy(() -> asRole("yellow_live_analytics_reader", "SELECT count(*) FROM yellow_live.customers_customers_merge"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> asRole("yellow_live_analytics_reader",
                "SELECT count(*) FROM consumers.yellow_live_finance_billing_addresses_view"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> asRole("yellow_live_finance_reader", "SELECT count(*) FROM consumers." + LIVE_CUSTOMERS))
                .hasMessageContaining("permission denied");
        assertThat(mergeQuery("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'yellow_live_analytics_reader'"))
                .containsExactly(List.of(false));
        // a rerun changes nothing
        CliRun again = CliRun.of(mvp.reconcile("yellow_live", "--view-schema", "consumers", "--grant"));
        assertThat(again.out()).contains("Views already up to date: 3", "Views failed: 0");
    }

    @Test
    @DisplayName("regression: --grant never grants to a reader role someone else made first; each view of that "
            + "workspace fails naming the role and what to do, and the other workspaces are served")
    void grantRefusesAReaderRoleSomeoneElseMade() throws Exception {
        String ws = "harvest_" + mvp.mergeDb.substring(mvp.mergeDb.length() - 10); // roles are the server's: unique
        String role = "yellow_live_" + ws + "_reader";
        Files.writeString(mvp.model.resolve("zones/retail/teams/analytics/" + ws + ".yaml"), "kind: Workspace\nname: "
                + ws + "\nteam: analytics\ncontainer: platform-managed\ndatasetGroups:\n  - name: grab\n"
                + "    requirements: { milestoning: live-only }\n    sinks: [customers/customers]\n");
        mvp.edit(MAPPING, "[\n", "[\n  {\"workspace\": \"" + ws + "\", \"dsg\": \"grab\", \"assignments\": "
                + "[{\"dataPlatform\": \"yellow_live\", \"status\": \"PROVISIONED\"}]},\n");
        mvp.sql(mvp.mergeDb, "CREATE ROLE " + role + " LOGIN PASSWORD 'harvest'");
        load("yellow_live");

        CliRun run = CliRun.of(mvp.reconcile("yellow_live", "--grant"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        String view = SqlNames.view("yellow_live", ws, "grab", "customers");
        assertThat(run.out()).contains("Failed view: " + view + ": role " + role + " exists but DataSurface/J did not "
                + "make it", "COMMENT ON ROLE \"" + role + "\"", "Created view: " + LIVE_CUSTOMERS, "Views failed: 1");
        assertThat(mergeQuery("SELECT count(*) FROM pg_class c, aclexplode(c.relacl) g JOIN pg_roles r "
                + "ON r.oid = g.grantee WHERE r.rolname = '" + role + "'")).containsExactly(List.of(0L));
    }

    @Test
    void theEnvironmentStoreTakesTheLoginAndAddressFromPostgresVariables() throws Exception {
        load("yellow_live");
        mvp.edit("ecosystem.yaml", "database: " + mvp.mergeDb, "database: somewhere_else");
        mvp.edit("ecosystem.yaml", "host: 127.0.0.1\n    port: " + pg.port(), "host: nowhere.invalid\n    port: 1");
        CliRun run = CliRun.withEnvironment(Map.of("POSTGRES_USER", pg.user(), "POSTGRES_PASSWORD", pg.password(),
                        "POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", Integer.toString(pg.port()), "POSTGRES_DB", mvp.mergeDb),
                "reconcile-views", "--model", mvp.model.toString(), "--platform", "yellow_live");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Created view: " + LIVE_CUSTOMERS);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLineWithoutThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRun run = CliRun.withEnvironment(Map.of("POSTGRES_USER", "merger", "POSTGRES_PASSWORD", "Sup3r-Secret!",
                        "POSTGRES_PORT", Integer.toString(closedPort)),
                "reconcile-views", "--model", mvp.model.toString(), "--platform", "yellow_live");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("error: cannot connect to the merge store at ")
                .contains("127.0.0.1:" + closedPort).doesNotContain("Sup3r-Secret!");
        assertThat(run.out()).doesNotContain("Sup3r-Secret!");
    }

    @Test
    void anUnknownPlatformOrAnInvalidModelIsRefused() throws Exception {
        CliRun unknown = CliRun.of(mvp.reconcile("yellow_nope"));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).containsExactly("Platform 'yellow_nope' not found",
                "The model declares these platforms: yellow_live, yellow_forensic");
        assertThat(unknown.out()).isEmpty();

        mvp.edit(WORKSPACES, "sinks: [customers/customers, customers/addresses]\n  - name: audit",
                "sinks: [customers/customers, customers/nothing]\n  - name: audit");
        CliRun invalid = CliRun.of(mvp.reconcile("yellow_live"));
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("customers/nothing", "is not valid");
    }

    private void load(String platform) {
        CliRun run = CliRun.of(mvp.runJob(platform));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    private List<List<Object>> mergeQuery(String sql) throws SQLException {
        return mvp.query(mvp.mergeDb, sql);
    }

    private String columnType(String schema, String view, String column) throws SQLException {
        return (String) mergeQuery("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = '"
                + schema + "." + view + "'::regclass AND a.attname = '" + column + "'").get(0).get(0);
    }

    private List<String> columnsOf(String schema, String view) throws SQLException {
        return mergeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + view + "' ORDER BY ordinal_position").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private List<List<Object>> asOf(String t) throws SQLException {
        return mergeQuery("SELECT id, CASE WHEN id = 'c1' THEN last_name ELSE email END FROM " + AUDIT_CUSTOMERS_HISTORY
                + " WHERE ds_surf_valid_from <= '" + t + "' AND '" + t + "' < ds_surf_valid_to ORDER BY id");
    }

    /** The server's clock, as a timestamptz literal. */
    private String now() throws SQLException {
        return (String) mvp.query(mvp.mergeDb, "SELECT clock_timestamp()::text").get(0).get(0);
    }

    private String asRole(String role, String sql) throws SQLException {
        try (Connection c = pg.connect(mvp.mergeDb); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + role);
            try (var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

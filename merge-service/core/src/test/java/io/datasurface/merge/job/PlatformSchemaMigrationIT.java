package io.datasurface.merge.job;

import static io.datasurface.merge.job.Streams.col;
import static io.datasurface.merge.job.Streams.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.Milestoning;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A platform schema's own tables (batches, offsets) are made and upgraded by Flyway the first time the merge
 * engine touches the schema, and a schema made by the release before migrations is adopted with its rows.
 */
@ParameterizedClass(name = "PostgreSQL {0}")
@EnumSource(PostgresVersion.class)
class PlatformSchemaMigrationIT {
    static final Milestoning LIVE = Milestoning.LIVE_ONLY;
    static final String TOPIC = "datasurface.ingest";

    /** Verbatim, the DDL with which the release before migrations made a platform schema's tables. */
    static final List<String> BEFORE_MIGRATIONS = List.of(
            "CREATE SCHEMA IF NOT EXISTS \"%1$s\"",
            "CREATE TABLE IF NOT EXISTS \"%1$s\".\"batches\" ("
                    + "stream text NOT NULL, batch_id bigint NOT NULL, status text NOT NULL, kind text NOT NULL, "
                    + "datasets jsonb NOT NULL, restart_point text, previous_position text, source_position text, "
                    + "loaded jsonb NOT NULL DEFAULT '{}', counts jsonb, inserted bigint, updated bigint, deleted bigint, "
                    + "total bigint, started_at timestamptz NOT NULL, ingested_at timestamptz, committed_at timestamptz, "
                    + "updated_at timestamptz NOT NULL, attempts integer NOT NULL DEFAULT 1, error text, "
                    + "PRIMARY KEY (stream, batch_id))",
            "CREATE TABLE IF NOT EXISTS \"%1$s\".\"offsets\" (consumer_group text NOT NULL, "
                    + "topic text NOT NULL, partition integer NOT NULL, next_offset bigint NOT NULL, "
                    + "updated_at timestamptz NOT NULL, PRIMARY KEY (consumer_group, topic, partition))");

    MergeStoreFixture store;
    IngestionNode node;

    @Parameter
    PostgresVersion version;

    EmbeddedPostgresServer server() {
        return PostgresExtension.server(version);
    }

    @BeforeEach
    void newStore() {
        store = new MergeStoreFixture(server());
        node = Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "text")).node(store.platform);
    }

    @Test
    @DisplayName("a new platform schema is created by its migrations on the first batch: V1 in Flyway's history")
    void newSchemaIsMigrated() throws SQLException {
        store.commit(node, LIVE, ListSource.full().row("people", 1, "a"));
        assertThat(history(store.platform)).containsExactly(Arrays.asList(null, "<< Flyway Schema Creation >>", true),
                List.of("1", "batches and offsets", true));
        assertThat(store.batchIds(node)).containsExactly(1L);
    }

    @Test
    @DisplayName("regression: a platform schema made before migrations (CREATE TABLE IF NOT EXISTS) keeps its batches "
            + "and offsets; the stream goes on from its last batch")
    void schemaMadeBeforeMigrationsIsAdopted() throws SQLException {
        makeAsBeforeMigrations(store.platform);
        String datasets = "[{\"dataset\":\"people\",\"fingerprint\":\"" + node.datasets().get(0).fingerprint() + "\"}]";
        store.execute("INSERT INTO " + store.table("batches") + " (stream, batch_id, status, kind, datasets, counts, "
                + "inserted, updated, deleted, total, started_at, committed_at, updated_at, error) VALUES ('"
                + node.key() + "', 1, 'COMMITTED', 'FULL', '" + datasets + "', '[]', 7, 0, 0, 7, "
                + "'2026-01-01 10:00+00', '2026-01-01 10:01+00', '2026-01-01 10:01+00', 'kept')");
        store.execute("INSERT INTO " + store.table("offsets") + " VALUES ('merge', '" + TOPIC + "', 0, 42, "
                + "'2026-01-01 10:01+00')");
        List<List<Object>> batchesBefore = store.query("SELECT * FROM " + store.table("batches"));

        StepResult r = store.commit(node, LIVE, ListSource.full().row("people", 1, "a"));

        assertThat(r.batchId()).as("the stream goes on after its last batch").isEqualTo(2L);
        assertThat(store.batchIds(node)).containsExactly(1L, 2L);
        assertThat(store.query("SELECT * FROM " + store.table("batches") + " WHERE batch_id = 1"))
                .isEqualTo(batchesBefore);
        try (Connection c = store.connect()) {
            assertThat(new EventMerge(c, "merge", Clock.systemUTC()).storedOffsets(store.platform, TOPIC))
                    .isEqualTo(Map.of(0, 42L));
        }
        assertThat(history(store.platform)).containsExactly(
                List.of("0", "adopted: made before its migrations", true), List.of("1", "batches and offsets", true));
    }

    @Test
    @DisplayName("V1 makes exactly the tables of the release before migrations (columns, types, defaults, keys)")
    void v1IsTheDdlOfTheReleaseBeforeMigrations() throws SQLException {
        String before = store.platform + "_before";
        makeAsBeforeMigrations(before);
        try (Connection c = store.connect()) {
            new MergeTables(new PostgresDialect(version.major()), c)
                    .ensureSchema(store.platform);
        }
        for (String table : List.of("batches", "offsets")) {
            assertThat(describe(store.platform, table)).as(table).isNotEmpty().isEqualTo(describe(before, table));
        }
    }

    @Test
    @DisplayName("a schema an administrator made beforehand, empty or holding other tables, gets the tables too")
    void schemaMadeBeforehandGetsTheTables() throws SQLException {
        store.execute("CREATE SCHEMA \"" + store.platform + "\"");
        store.commit(node, LIVE, ListSource.full().row("people", 1, "a"));
        assertThat(history(store.platform)).containsExactly(List.of("1", "batches and offsets", true));

        MergeStoreFixture other = new MergeStoreFixture(server());
        IngestionNode otherNode = Streams.stream("crm").dataset("people", key("id", "integer"), col("name", "text"))
                .node(other.platform);
        other.execute("CREATE SCHEMA \"" + other.platform + "\"; CREATE TABLE \"" + other.platform + "\".notes (t text)");
        other.commit(otherNode, LIVE, ListSource.full().row("people", 1, "a"));
        assertThat(history(other.platform)).containsExactly(List.of("0", "adopted: made before its migrations", true),
                List.of("1", "batches and offsets", true));
        assertThat(other.batchIds(otherNode)).containsExactly(1L);
    }

    @Test
    @DisplayName("the engine of run-job and of the merge-service touching a new platform at once: all succeed, "
            + "V1 runs once")
    void concurrentFirstUse() throws Exception {
        int n = 6;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    if (k % 2 == 0) { // run-job: a step of its own stream
                        IngestionNode own = Streams.stream("store" + k).dataset("people", key("id", "integer"),
                                col("name", "text")).node(store.platform);
                        StepResult r = store.step(own, LIVE, ListSource.full().row("people", k, "x"), 10);
                        assertThat(r.outcome()).as(r.summary()).isEqualTo(StepOutcome.DONE);
                    } else { // the merge-service: reads its stored offsets when it is assigned partitions
                        try (Connection c = store.connect()) {
                            assertThat(new EventMerge(c, "g" + k, Clock.systemUTC()).storedOffsets(store.platform, TOPIC))
                                    .isEmpty();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(history(store.platform)).containsExactly(Arrays.asList(null, "<< Flyway Schema Creation >>", true),
                List.of("1", "batches and offsets", true));
        assertThat(store.query("SELECT count(*) FROM " + store.table("batches"))).containsExactly(List.of((long) n / 2));
    }

    private void makeAsBeforeMigrations(String schema) throws SQLException {
        for (String ddl : BEFORE_MIGRATIONS) {
            store.execute(String.format(ddl, schema));
        }
    }

    /** Flyway's history of a schema: version, description, success. */
    private List<List<Object>> history(String schema) throws SQLException {
        return store.query("SELECT version, description, success FROM \"" + schema + "\".flyway_schema_history "
                + "ORDER BY installed_rank");
    }

    /** A table as the catalog describes it: each column's name, type, nullability and default; then its key. */
    private List<List<Object>> describe(String schema, String table) throws SQLException {
        String rel = "'\"" + schema + "\".\"" + table + "\"'::regclass";
        List<List<Object>> out = new ArrayList<>(store.query("SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                + "a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d "
                + "ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " + rel
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"));
        out.addAll(store.query("SELECT contype::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                + rel + " ORDER BY conname"));
        return out;
    }
}

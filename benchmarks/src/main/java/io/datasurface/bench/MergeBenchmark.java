package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.ingest.snapshot.DiffSnapshotReader;
import io.datasurface.ingest.snapshot.SnapshotReader;
import io.datasurface.merge.forensic.ForensicMerge;
import io.datasurface.merge.live.LiveMerge;
import io.datasurface.merge.job.StepOutcome;
import io.datasurface.merge.job.StepResult;
import io.datasurface.merge.job.StreamStep;
import io.datasurface.merge.sql.PostgresDialect;
import io.datasurface.merge.staging.StagingSink;
import io.datasurface.merge.store.DatasetTables;
import io.datasurface.merge.store.MergeTables;
import io.datasurface.model.CaptureType;
import io.datasurface.model.Milestoning;
import io.datasurface.model.event.BatchKind;
import io.datasurface.model.event.DatasetCounts;
import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.graph.DatasetSpec;
import io.datasurface.model.graph.Fingerprints;
import io.datasurface.model.graph.IngestionNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merge engine against the physical limit, on one embedded PostgreSQL: a raw COPY pipe of N rows
 * (source table → plain target table), run-job's first load of the same rows (live-only and
 * forensic), a FULL batch with 1% of the rows changed, and — on identical staging and merge tables —
 * our forensic merge statement against the reference four-statement forensic merge.
 */
final class MergeBenchmark {
    static final String SCHEMA_COLUMNS = "id bigint PRIMARY KEY, name varchar(100) NOT NULL, "
            + "email varchar(200), amount numeric(12,2), created timestamp NOT NULL, active boolean";

    /** The model's columns of a table of {@link #SCHEMA_COLUMNS}. */
    static final List<ColumnSpec> COLUMNS = List.of(new ColumnSpec("id", "bigint", false, true),
            new ColumnSpec("name", "varchar(100)", false, false),
            new ColumnSpec("email", "varchar(200)", true, false),
            new ColumnSpec("amount", "decimal(12,2)", true, false),
            new ColumnSpec("created", "timestamp", false, false),
            new ColumnSpec("active", "boolean", true, false));

    /** What changes between two snapshots: 1% of the rows updated, 0.1% deleted (not among the updated ones). */
    static final String CHANGES = "UPDATE items SET amount = amount + 1 WHERE id % 100 = 0; "
            + "DELETE FROM items WHERE id % 1000 = 7";

    private MergeBenchmark() {
    }

    static void run(String[] args) throws Exception {
        int rows = 1_000_000;
        PostgresVersion version = PostgresVersion.V17;
        int changesOnly = 0;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value);
                case "--pg" -> version = PostgresVersion.ofMajor(Integer.parseInt(value));
                case "--changes-only" -> changesOnly = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(version).start()) {
            if (changesOnly > 0) {
                new MergeBenchmark.Run(pg, rows).changesOnly(changesOnly);
            } else {
                new MergeBenchmark.Run(pg, rows).all();
            }
        }
    }

    /** One benchmark run on one server. */
    private static final class Run {
        private final EmbeddedPostgresServer pg;
        private final int rows;
        private final Report report = new Report();

        Run(EmbeddedPostgresServer pg, int rows) {
            this.pg = pg;
            this.rows = rows;
        }

        void all() throws Exception {
            pg.createDatabase("bench_source");
            pg.createDatabase("bench_merge");
            System.out.printf("merge benchmark: %,d rows of 6 columns, PostgreSQL %d, %d cores, Java %s%n", rows,
                    pg.version().major(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            fillSource();
            warmUp();
            report.header();
            rawPipe(false);
            rawPipe(true);
            IngestionNode node = node();
            double live = step("bench_live", Milestoning.LIVE_ONLY, node);
            report.line("run-job first load, live-only", rows, live);
            double forensic = step("bench_forensic", Milestoning.FORENSIC, node);
            report.line("run-job first load, forensic", rows, forensic);
            Figures.print("runjob.live", report.rawSeconds / live);
            Figures.print("runjob.forensic", report.rawSeconds / forensic);
            step("bench_ours", Milestoning.FORENSIC, node); // two more forensic tables at batch 1 for the comparison
            step("bench_ref", Milestoning.FORENSIC, node);
            step("bench_live_merge", Milestoning.LIVE_ONLY, node); // and two live-only ones
            step("bench_live_diff", Milestoning.LIVE_ONLY, node);
            step("bench_changes", Milestoning.FORENSIC, node); // for the batch that carries only what changed
            source(CHANGES);
            report.line("run-job FULL batch, 1% changed, live-only", rows, step("bench_live", Milestoning.LIVE_ONLY, node));
            double full = step("bench_forensic", Milestoning.FORENSIC, node);
            report.line("run-job FULL batch, 1% changed, forensic", rows, full);
            double changes = changesStep("bench_changes", Milestoning.FORENSIC, node);
            report.line("run-job next batch, only what changed, forensic", rows, changes);
            double reference = compareForensicMerges(node);
            compareLiveMerges(node);
            // the team's alternative: copy the snapshot over (the raw pipe) and run the four statements on it
            System.out.printf("%nFULL batch with 1%% changed and 0.1%% deleted, forensic, end to end: run-job %.2f s against "
                    + "copy + four-statement merge %.2f s (%.2f + %.2f): %.2f×%n", full, report.rawSeconds + reference,
                    report.rawSeconds, reference, full / (report.rawSeconds + reference));
            System.out.printf("the same batch carrying only what changed (run-job's default): %.2f s: %.2f×%n", changes,
                    changes / (report.rawSeconds + reference));
            Figures.print("raw.seconds", report.rawSeconds);
            Figures.print("full.changed.forensic.vs.reference", full / (report.rawSeconds + reference));
            Figures.print("changes.forensic.vs.reference", changes / (report.rawSeconds + reference));
        }

        /**
         * Only the batch that carries what changed, timed on {@code times} merge tables loaded from the same snapshot
         * (the first of them with a cold reader), against the raw pipe: for profiling that path alone.
         */
        void changesOnly(int times) throws Exception {
            pg.createDatabase("bench_source");
            pg.createDatabase("bench_merge");
            fillSource();
            warmUp();
            report.header();
            rawPipe(false);
            IngestionNode node = node();
            for (int i = 0; i < times; i++) {
                step("bench_changes" + i, Milestoning.FORENSIC, node);
            }
            source(CHANGES);
            for (int i = 0; i < times; i++) {
                report.line("run-job next batch, only what changed, forensic", rows,
                        changesStep("bench_changes" + i, Milestoning.FORENSIC, node));
            }
        }

        /** On PostgreSQL 17: the live-only FULL merge as one MERGE … NOT MATCHED BY SOURCE vs the diff form. */
        private void compareLiveMerges(IngestionNode node) throws Exception {
            if (pg.version().major() < 17) {
                return;
            }
            double merge = timedMerge("bench_live_merge", node, Form.LIVE_MERGE);
            double diff = timedMerge("bench_live_diff", node, Form.LIVE_DIFF);
            System.out.println();
            System.out.printf("live-only merge statement alone, 1%% changed (PostgreSQL 17):%n");
            System.out.printf("  MERGE ... WHEN NOT MATCHED BY SOURCE           %8.2f s%n", merge);
            System.out.printf("  one join, then only the changed rows (used)    %8.2f s%n", diff);
        }

        /** One small load first, so the measured steps do not pay for class loading and the JIT. */
        private void warmUp() throws SQLException {
            long t = System.nanoTime();
            step("bench_warmup", Milestoning.LIVE_ONLY, node());
            merge("DROP SCHEMA bench_warmup CASCADE");
            System.out.printf("(warm-up load of the same rows: %.1f s, not counted)%n%n", secs(t));
        }

        private void fillSource() throws SQLException {
            MergeBenchmark.fillSource(pg, rows);
        }

        /** COPY out of the source straight into a plain table of the merge database: the physical limit. */
        private void rawPipe(boolean withKey) throws Exception {
            String table = withKey ? "raw_items_pk" : "raw_items";
            merge("DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + " ("
                    + (withKey ? SCHEMA_COLUMNS : SCHEMA_COLUMNS.replace(" PRIMARY KEY", "")) + ")");
            double seconds = CopyPipe.copy(pg.connect("bench_source"), "COPY items TO STDOUT",
                    pg.connect("bench_merge"), "COPY " + table + " FROM STDIN");
            if (!withKey) {
                report.rawSeconds = seconds;
            }
            report.line(withKey ? "raw COPY pipe into a table with a primary key" : "raw COPY pipe (the limit)", rows,
                    seconds);
        }

        private double step(String schema, Milestoning milestoning, IngestionNode node) throws SQLException {
            try (Connection merge = pg.connect("bench_merge");
                 SnapshotReader reader = new SnapshotReader(node, pg.connect("bench_source"), 50_000)) {
                StepResult r = new StreamStep(merge, schema, milestoning, node, n -> { }).run(reader, Integer.MAX_VALUE);
                if (r.outcome() != StepOutcome.DONE) {
                    throw new IllegalStateException(r.summary());
                }
                return r.seconds();
            }
        }

        /** A step of run-job's default reader after the first batch: only what changed since the merge store's batch. */
        private double changesStep(String schema, Milestoning milestoning, IngestionNode node) throws SQLException {
            try (Connection merge = pg.connect("bench_merge");
                 DiffSnapshotReader reader = new DiffSnapshotReader(node, pg.connect("bench_source"), 50_000,
                         pg.connect("bench_merge"), schema, milestoning)) {
                StepResult r = new StreamStep(merge, schema, milestoning, node, n -> { }).run(reader, Integer.MAX_VALUE);
                if (r.outcome() != StepOutcome.DONE || reader.kind() != BatchKind.DELTA) {
                    throw new IllegalStateException(reader.kind() + " " + r.summary());
                }
                return r.seconds();
            }
        }

        /**
         * Stages the 1%-changed snapshot into bench_ours and bench_ref (both at batch 1), then times our
         * forensic merge statement against the reference four statements on the same data.
         */
        private double compareForensicMerges(IngestionNode node) throws Exception {
            double ours = timedMerge("bench_ours", node, Form.FORENSIC);
            double reference = timedMerge("bench_ref", node, Form.REFERENCE);
            String check = "SELECT count(*), sum(ds_surf_batch_in), sum(ds_surf_batch_out::bigint), "
                    + "sum(ds_surf_all_hash % 1000) FROM ";
            List<Object> a = Queries.row(pg, "bench_merge", check + "bench_ours.items_items_merge");
            List<Object> b = Queries.row(pg, "bench_merge", check + "bench_ref.items_items_merge");
            System.out.println();
            System.out.printf("forensic merge statement alone, 1%% changed, on the same staging and merge tables:%n");
            System.out.printf("  ours (one join, then only the changed rows)   %8.2f s%n", ours);
            System.out.printf("  reference (four statements)                   %8.2f s%n", reference);
            System.out.printf("  ours / reference                              %8.2f   (aim: under 0.5)%n",
                    ours / reference);
            System.out.printf("  same result: %s %s%n", a.equals(b), a);
            return reference;
        }

        /** Stages the current source into a schema at batch 1 and times only the merge of batch 2. */
        private double timedMerge(String schema, IngestionNode node, Form form) throws Exception {
            DatasetTables t = DatasetTables.of(schema, node.datasets().get(0));
            try (Connection c = pg.connect("bench_merge");
                 SnapshotReader reader = new SnapshotReader(node, pg.connect("bench_source"), 50_000)) {
                c.setAutoCommit(false);
                PostgresDialect dialect = new PostgresDialect(c.getMetaData().getDatabaseMajorVersion());
                new MergeTables(dialect, c).resetStaging(t);
                c.commit();
                Map<String, Long> loaded = new HashMap<>();
                StagingSink sink = StagingSink.staging(dialect, c, List.of(t), loaded, new StagingSink.Checkpoints() {
                    @Override
                    public void record(String restartPoint, Map<String, Long> after) {
                    }

                    @Override
                    public void finish(Map<String, Long> after, String sourcePosition) {
                    }
                });
                reader.read(null, null, Integer.MAX_VALUE, sink);
                sink.finish(null);
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE \"" + schema + "\".items_items_staging");
                }
                c.commit();
                long t0 = System.nanoTime();
                DatasetCounts counts = switch (form) {
                    case REFERENCE -> {
                        ReferenceForensicMerge.merge(c, schema, 2);
                        yield new DatasetCounts("items", 0, rows / 100, 0, rows);
                    }
                    case FORENSIC -> ForensicMerge.merge(dialect, c, t, BatchKind.FULL, 2, rows);
                    case LIVE_MERGE -> LiveMerge.merge(dialect.withMergeBySource(), c, t, BatchKind.FULL, 2, rows);
                    case LIVE_DIFF -> LiveMerge.merge(dialect, c, t, BatchKind.FULL, 2, rows);
                };
                if (counts.updated() != rows / 100) {
                    throw new IllegalStateException("expected " + rows / 100 + " changed rows, got " + counts);
                }
                c.commit();
                return secs(t0);
            }
        }

        private IngestionNode node() {
            return benchNode();
        }

        private void source(String sql) throws SQLException {
            Queries.execute(pg, "bench_source", sql);
        }

        private void merge(String sql) throws SQLException {
            Queries.execute(pg, "bench_merge", sql);
        }
    }

    private enum Form { FORENSIC, REFERENCE, LIVE_MERGE, LIVE_DIFF }

    /** The source table {@code items} of bench_source, filled with {@code rows} rows. */
    static void fillSource(EmbeddedPostgresServer pg, int rows) throws SQLException {
        long t = System.nanoTime();
        Queries.execute(pg, "bench_source", fillTable("items", rows));
        System.out.printf("source table filled in %.1f s%n", secs(t));
    }

    /** The SQL that (re)makes source table {@code table} of {@link #SCHEMA_COLUMNS} with {@code rows} rows. */
    static String fillTable(String table, int rows) {
        return "DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + " (" + SCHEMA_COLUMNS + "); "
                + "INSERT INTO " + table + " SELECT i, 'name ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'user' || i "
                + "|| '@example.com' END, (i % 100000) / 100.0, TIMESTAMP '2026-01-01' + i * INTERVAL '1 second', "
                + "i % 2 = 0 FROM generate_series(1, " + rows + ") i; ANALYZE " + table + "; ";
    }

    /** The stream of the {@code items} table. */
    static IngestionNode benchNode() {
        DatasetSpec items = new DatasetSpec("items", "items_items_merge", "items_items_staging", null, COLUMNS,
                Fingerprints.of(COLUMNS));
        return new IngestionNode("bench/items", "bench", "items", null, CaptureType.SQL_SNAPSHOT, "external", null, null,
                List.of(items));
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints aligned lines: what, rows/s, seconds, and speed as a multiple of the raw pipe's. */
    private static final class Report {
        double rawSeconds;

        void header() {
            System.out.printf("%-52s %12s %9s %12s%n", "step", "rows/s", "seconds", "× raw pipe");
        }

        void line(String what, int rows, double seconds) {
            System.out.printf("%-52s %,12.0f %9.2f %12.2f%n", what, rows / seconds, seconds, rawSeconds / seconds);
        }
    }
}

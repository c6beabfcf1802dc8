package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of the ingest-service and the merge-service processes at random moments, while the source
 * changes and the streams run a batch a second (with cdc, the test changes the source itself and afterwards
 * compares the forensic history with the one it computes from its transactions and the committed batches). {@code up} starts a killed service again. Once the
 * source rests, every view must equal the source, and the forensic history must be one unbroken line
 * of versions per key: nothing lost, nothing twice.
 */
class ServiceCrashIT {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final Pattern PID = Pattern.compile("  (ingest-service|merge-service): http://127\\.0\\.0\\.1:\\d+ \\(pid (\\d+)\\)");


    @ParameterizedTest(name = "capture {0}")
    @ValueSource(strings = {"sql-snapshot", "cdc"})
    void killedServicesLoseNothingAndDuplicateNothing(String capture) throws Exception {
        // -Dservice-crash.seed=N replays a run's kill schedule (the moments, not what they hit)
        long seed = Long.getLong("service-crash.seed", System.nanoTime());
        Random random = new Random(seed);
        // under target/, so that the services' logs stay for a look after a failure
        Path run = Path.of("target/service-crash-" + capture).toAbsolutePath();
        deleteTree(run);
        Path data = run.resolve("data");
        Files.createDirectories(run);
        Path log = run.resolve("up.log");
        boolean cdc = capture.equals("cdc");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + HOME, "-jar", HOME.resolve("cli/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--capture", capture, "--trigger-every", "1", "--run-for", "130"));
        // with cdc the test changes the source itself, so that it knows every transaction and can compute the history
        command.addAll(cdc ? List.of("--no-simulator") : List.of("--changes-per-second", "5", "--simulate-for", "75"));
        Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int kills = 0;
        SourceWriter writer = null;
        try {
            awaitOutput(log, "Stop with Ctrl-C.", Duration.ofSeconds(180));
            if (cdc) {
                writer = SourceWriter.start(Files.readString(log), data, Duration.ofSeconds(75));
            }
            Instant killUntil = Instant.now().plusSeconds(65);
            String victim = "ingest-service";
            while (Instant.now().isBefore(killUntil)) {
                Thread.sleep(6_000 + random.nextInt(8_000)); // a random moment, not a wait for a result
                long pid = latestPid(Files.readString(log), victim);
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    kills++;
                }
                victim = victim.equals("ingest-service") ? "merge-service" : "ingest-service";
            }
            assertThat(kills).as("seed %d", seed).isGreaterThanOrEqualTo(4);
            if (writer != null) {
                writer.await();
            }
            assertThat(up.waitFor(240, TimeUnit.SECONDS)).as("seed %d: up ended", seed).isTrue();
        } finally {
            up.destroyForcibly();
            if (writer != null) {
                writer.close();
            }
        }
        String output = Files.readString(log);
        assertThat(up.exitValue()).as("seed %d: %s%n%s", seed, output, ServiceLogs.lastProblems(data.resolve("logs")))
                .isZero();

        int port = Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip());
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .dataDirectory(data.resolve("postgres")).port(port).start()) {
            String diagnosis = diagnosis(pg, data, output);
            List<String> differing = new ArrayList<>();
            for (String dataset : List.of("customers", "addresses")) {
                List<List<Object>> source = Rows.query(pg, "crm", "SELECT * FROM " + dataset + " ORDER BY id");
                for (String platform : List.of("yellow_live_analytics_live", "yellow_forensic_analytics_audit")) {
                    String view = platform + "_" + dataset + "_view";
                    try {
                        List<List<Object>> rows = Rows.query(pg, "datasurface", "SELECT * FROM " + view + " ORDER BY id");
                        if (!rows.equals(source)) {
                            differing.add(view + ": " + difference(rows, source));
                        }
                    } catch (SQLException e) {
                        differing.add(view + ": cannot be read: " + e.getMessage());
                    }
                }
            }
            if (!differing.isEmpty()) {
                throw new AssertionError("seed " + seed + ": views that differ from the source:\n  "
                        + String.join("\n  ", differing) + "\n" + diagnosis);
            }
            long batches = (Long) Rows.query(pg, "datasurface", "SELECT count(*) FROM yellow_forensic.batches "
                    + "WHERE status = 'COMMITTED'").get(0).get(0);
            assertThat(batches).as("seed %d: batches committed%n%s", seed, diagnosis)
                    .isGreaterThanOrEqualTo(20);
            System.out.printf("ServiceCrashIT " + capture + " seed %d: %d kills, %d forensic batches committed, %d restarts logged%n%s",
                    seed, kills, batches, output.split("starting it again", -1).length - 1, diagnosis);
            if (writer != null) {
                List<List<Object>> expected = writer.expectedHistory(Rows.query(pg, "datasurface", "SELECT batch_id, kind, "
                        + "source_position FROM yellow_forensic.batches WHERE stream = 'yellow_forensic/customers' "
                        + "AND status = 'COMMITTED' ORDER BY batch_id"));
                List<List<Object>> actual = Rows.query(pg, "datasurface", "SELECT id, first_name, last_name, email, phone, dob,"
                        + " created_at, ds_surf_batch_in, ds_surf_batch_out FROM yellow_forensic.customers_customers_merge"
                        + " ORDER BY id, ds_surf_batch_in");
                actual.sort(SourceWriter.ORDER); // the same order as the expected rows, whatever the collation
                assertThat(expected.stream().filter(r -> !Integer.valueOf(2147483647).equals(r.get(r.size() - 1))))
                        .as("seed %d: closed versions in the computed history", seed).hasSizeGreaterThan(20);
                System.out.printf("ServiceCrashIT cdc: %d source transactions, %d versions in the forensic history%n",
                        writer.transactions(), expected.size());
                assertThat(actual).as("seed %d: the forensic history against the one computed from the %d source "
                        + "transactions%n%s", seed, writer.transactions(), diagnosis).isEqualTo(expected);
            }
            for (String dataset : List.of("customers", "addresses")) {
                String history = "yellow_forensic_analytics_audit_" + dataset + "_view_history";
                assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM " + history + " a JOIN " + history
                        + " b ON a.id = b.id AND a.ds_surf_batch_in < b.ds_surf_batch_in "
                        + "AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                        .as("seed %d: overlapping versions of %s%n%s", seed, dataset, diagnosis)
                        .containsExactly(List.of(0L));
                assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM " + history + " a JOIN " + history
                        + " b ON a.id = b.id AND a.ds_surf_batch_out::bigint + 1 = b.ds_surf_batch_in"
                        + " WHERE (to_jsonb(a) - ARRAY['ds_surf_batch_in', 'ds_surf_batch_out', 'ds_surf_valid_from',"
                        + " 'ds_surf_valid_to']) = (to_jsonb(b) - ARRAY['ds_surf_batch_in', 'ds_surf_batch_out',"
                        + " 'ds_surf_valid_from', 'ds_surf_valid_to'])"))
                        .as("seed %d: versions of %s that repeat the one before (a change applied twice)%n%s", seed,
                                dataset, diagnosis).containsExactly(List.of(0L));
                assertThat(Rows.query(pg, "datasurface", "SELECT count(*) FROM " + history
                        + " WHERE ds_surf_valid_from IS NULL OR ds_surf_valid_from >= ds_surf_valid_to"))
                        .as("seed %d: versions without a commit time of %s%n%s", seed, dataset,
                                diagnosis).containsExactly(List.of(0L));
            }
        }
    }

    /** How two row lists differ, briefly: counts, and a few rows only one side has. */
    private static String difference(List<List<Object>> view, List<List<Object>> source) {
        List<List<Object>> onlyView = new ArrayList<>(view);
        onlyView.removeAll(source);
        List<List<Object>> onlySource = new ArrayList<>(source);
        onlySource.removeAll(view);
        return view.size() + " rows (source " + source.size() + "); " + onlyView.size() + " only in the view "
                + onlyView.stream().limit(3).toList() + ", " + onlySource.size() + " only in the source "
                + onlySource.stream().limit(3).toList();
    }

    /**
     * What a failure needs to be understood: per stream, the last batch the ingest-service sealed and the last
     * the merge store committed (BEHIND when fewer), the merge store's latest batch and stored offsets, when
     * each service was started, and the services' last WARN/ERROR lines.
     */
    private static String diagnosis(EmbeddedPostgresServer pg, Path data, String upOutput) {
        StringBuilder out = new StringBuilder("Streams (ingest-service.log's last sealed batch against the merge store):\n");
        Path logs = data.resolve("logs");
        Map<String, String> sealed = lastMatch(logs.resolve("ingest-service.log"),
                Pattern.compile("^(\\S+) .* (\\S+) batch (\\d+) sealed$"));
        Map<String, String> merged = lastMatch(logs.resolve("merge-service.log"),
                Pattern.compile("^(\\S+) .*committed (\\S+) batch (\\d+)$"));
        for (String schema : List.of("yellow_live", "yellow_forensic")) {
            String stream = schema + "/customers";
            try {
                List<List<Object>> latest = Rows.query(pg, "datasurface", "SELECT batch_id, status, attempts, error, "
                        + "updated_at FROM " + schema + ".batches WHERE stream = '" + stream + "' ORDER BY batch_id DESC "
                        + "LIMIT 1");
                List<List<Object>> committed = Rows.query(pg, "datasurface", "SELECT max(batch_id), max(committed_at) FROM "
                        + schema + ".batches WHERE stream = '" + stream + "' AND status = 'COMMITTED'");
                List<List<Object>> offsets = Rows.query(pg, "datasurface", "SELECT partition, next_offset, updated_at FROM "
                        + schema + ".offsets ORDER BY partition");
                long sealedId = sealed.containsKey(stream) ? Long.parseLong(sealed.get(stream).split(" ")[1]) : -1;
                Object committedId = committed.get(0).get(0);
                long behind = sealedId - (committedId == null ? 0 : ((Number) committedId).longValue());
                out.append("  ").append(stream).append(behind > 0 ? "  BEHIND by " + behind + " batches" : "")
                        .append(": sealed up to batch ")
                        .append(sealed.getOrDefault(stream, "none")).append("; committed up to batch ")
                        .append(committedId).append(" at ").append(committed.get(0).get(1))
                        .append(" (merge-service.log: ").append(merged.getOrDefault(stream, "none"))
                        .append("); latest batch [id, status, attempts, error, updated] ").append(latest)
                        .append("; offsets [partition, next, updated] ").append(offsets).append('\n');
            } catch (SQLException | RuntimeException e) {
                out.append("  ").append(stream).append(": cannot read the merge store: ").append(e.getMessage())
                        .append('\n');
            }
        }
        out.append("merge-service: longest time without a commit: ").append(longestPause(logs.resolve("merge-service.log")))
                .append('\n');
        for (String service : List.of("ingest-service", "merge-service")) {
            try {
                out.append(service).append(" started at: ").append(Files.readAllLines(logs.resolve(service + ".log"))
                        .stream().filter(l -> l.contains(" started in ")).map(l -> l.substring(0, Math.min(12, l.length())))
                        .toList()).append('\n');
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                out.append(service).append(".log: ").append(e.getMessage()).append('\n');
            }
        }
        List<String> progress = upOutput.lines().filter(l -> l.matches("^\\d\\d:\\d\\d.*rows in views.*")).toList();
        if (!progress.isEmpty()) {
            out.append("up's last progress line: ").append(progress.get(progress.size() - 1));
        }
        return out.append('\n').append(ServiceLogs.lastProblems(logs)).toString();
    }

    /** The longest time between two batches the merge-service committed, and when it ended. */
    private static String longestPause(Path log) {
        try {
            List<java.time.LocalTime> commits = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("] committed ") && l.length() > 12)
                    .map(l -> java.time.LocalTime.parse(l.substring(0, 12))).toList();
            Duration longest = Duration.ZERO;
            java.time.LocalTime endedAt = null;
            for (int i = 1; i < commits.size(); i++) {
                Duration d = Duration.between(commits.get(i - 1), commits.get(i));
                if (d.compareTo(longest) > 0) {
                    longest = d;
                    endedAt = commits.get(i);
                }
            }
            return longest.toMillis() / 1000.0 + " s" + (endedAt == null ? "" : ", until " + endedAt);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Per stream (group 2), the time (group 1) and batch id (group 3) of the last line matching. */
    private static Map<String, String> lastMatch(Path log, Pattern pattern) {
        Map<String, String> last = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    last.put(m.group(2), m.group(1) + " " + m.group(3));
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            last.put("(" + log.getFileName() + ")", e.getMessage());
        }
        return last;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long latestPid(String output, String service) {
        Matcher m = PID.matcher(output);
        long pid = -1;
        while (m.find()) {
            if (m.group(1).equals(service)) {
                pid = Long.parseLong(m.group(2));
            }
        }
        return pid;
    }

    private static void awaitOutput(Path log, String text, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!Files.readString(log).contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + text + "' within " + atMost + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }
}

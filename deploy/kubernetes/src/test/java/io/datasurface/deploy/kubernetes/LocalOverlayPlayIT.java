package io.datasurface.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local overlay as a user runs it ({@code overlays/local/play.sh}, as README's "try it here" says): the images
 * of this build played by {@code podman kube play}, the example deployed, and its rows in both platforms' views within
 * three minutes of play.sh returning (the streams run at their cron minute: nothing triggers them here). Then
 * {@code down.sh --purge} leaves no pod, volume or network behind. Needs root, podman, kubectl and the images, which
 * the deploy/containers module set up and built earlier in the same build.
 */
class LocalOverlayPlayIT {
    private static final Path LOCAL = Path.of("overlays/local");
    private static final Duration ROWS_WITHIN = Duration.ofMinutes(3);

    private boolean played;

    @AfterEach
    void down() throws Exception {
        if (played) {
            Result r = run(Duration.ofMinutes(3), LOCAL.resolve("down.sh").toString(), "--purge");
            assertThat(r.exit).as("down.sh --purge: " + r.output).isZero();
            assertThat(run(Duration.ofSeconds(30), "podman", "pod", "ps", "--format", "{{.Name}}").output)
                    .as("pods left after down.sh").doesNotContain("kafka", "postgres", "model-service");
        }
    }

    @Test
    void theExampleReachesItsViewsWithinThreeMinutesOfPlay() throws Exception {
        assertThat(run(Duration.ofSeconds(30), "podman", "pod", "exists", "kafka").exit)
                .as("the local overlay is already running on this machine; this test plays and purges its own: stop "
                        + "yours first with deploy/kubernetes/overlays/local/down.sh").isNotZero();
        played = true;
        Result play = run(Duration.ofMinutes(8), LOCAL.resolve("play.sh").toString());
        assertThat(play.exit).as("play.sh:\n" + play.output).isZero();
        assertThat(play.output).contains("deployed:");

        long deadline = System.nanoTime() + ROWS_WITHIN.toNanos();
        String source = table("crm", "customers");
        assertThat(source).as("the seeded source").isNotEqualTo(table("crm", "customers WHERE false"));
        while (!(source.equals(table("datasurface", "yellow_live_analytics_live_customers_view"))
                && source.equals(table("datasurface", "yellow_forensic_analytics_audit_customers_view"))
                && table("crm", "addresses")
                        .equals(table("datasurface", "yellow_live_analytics_live_addresses_view")))) {
            assertThat(System.nanoTime()).as("the example's rows in its views within " + ROWS_WITHIN.toMinutes()
                    + " minutes of play.sh; ingest-service log:\n" + logs("ingest-service-pod-0-ingest-service"))
                    .isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    /** A digest of a table's or view's rows (ordered by id) in the local PostgreSQL, or the error psql gave. */
    private static String table(String database, String from) throws Exception {
        return run(Duration.ofSeconds(30), "podman", "exec", "postgres-postgres", "psql", "-U", "postgres", "-d",
                database, "-tAc", "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') "
                        + "FROM " + from.replaceFirst("^(\\S+)", "$1 t")).output.trim();
    }

    private static String logs(String container) throws Exception {
        String all = run(Duration.ofSeconds(30), "podman", "logs", container).output;
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Duration limit, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("local-overlay", ".log");
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + limit.toSeconds()
                        + " s:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

package io.datasurface.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.datasurface.containers.ContainerStack.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The whole system in containers on one network, as the local overlay runs it: the example model deployed through the
 * model-service's {@code POST /deployments}, its CRM source captured, merged and shown in the live and forensic
 * views; then, while a large batch is being merged, the merge-service's container is killed (SIGKILL) and started
 * again, and the views still equal the source with every forensic version recorded once; last the ingest-service is
 * stopped (SIGTERM) while it reads a batch and started again, and the views catch up with the source's change.
 */
class ContainersEndToEndIT {
    private static final Path EXAMPLE = Path.of("../../docs/examples/mvp");
    private static final String[] VIEWS = {"yellow_live_analytics_live", "yellow_forensic_analytics_audit"};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<Service, GenericContainer<?>> services = new EnumMap<>(Service.class);

    @TempDir
    Path tmp;

    @AfterEach
    void stopServices() {
        services.values().forEach(GenericContainer::stop);
    }

    @Test
    void exampleReachesItsViewsAndServicesStoppedMidBatchLoseAndDuplicateNothing() throws Exception {
        ContainerStack stack = ContainerStack.get();
        makeSource(stack, 2_000);
        Path model = exampleModelFor("postgres");

        for (Service s : Service.values()) {
            GenericContainer<?> c = stack.service(s, s.image + "-0");
            if (s == Service.MODEL) {
                c.withCopyFileToContainer(MountableFile.forHostPath(model, 0755), "/models/example");
            }
            services.put(s, c);
        }
        services.values().parallelStream().forEach(GenericContainer::start);

        HttpResponse<String> deployed = post(Service.MODEL, "/deployments", "{\"path\": \"/models/example\"}",
                ContainerStack.WEBHOOK_SECRET);
        assertThat(deployed.statusCode()).as("POST /deployments: " + deployed.body()).isIn(200, 201, 202);
        List<String> streams = new ArrayList<>();
        waitFor("the ingest-service to run the example's stream", Duration.ofMinutes(2), () -> {
            streams.clear();
            streams.addAll(streamsOf(get(Service.INGEST, "/streams", ContainerStack.ADMIN_TOKEN).body()));
            return !streams.isEmpty();
        });
        triggerAll(streams);
        waitFor("the views to equal the source", Duration.ofMinutes(3), () -> viewsEqualSource(stack));

        // a large change: 150,000 more customers, in one snapshot batch of many chunks
        try (Connection crm = stack.connect("crm"); Statement st = crm.createStatement()) {
            st.execute(customersSql(2_001, 152_000));
        }
        long committedBefore = count(stack, "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'COMMITTED'");
        triggerAll(streams);
        waitFor("the merge-service to start merging the large batch", Duration.ofMinutes(2),
                () -> count(stack, "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'STARTED'") > 0);
        DockerClient docker = DockerClientFactory.lazyClient();
        String merge = services.get(Service.MERGE).getContainerId();
        docker.killContainerCmd(merge).exec(); // SIGKILL: no shutdown, a batch half-loaded into staging
        assertThat(count(stack, "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'STARTED'"))
                .as("the batch in flight when the merge-service was killed was not committed").isPositive();
        docker.startContainerCmd(merge).exec();

        waitFor("the views to equal the source after the merge-service came back", Duration.ofMinutes(4),
                () -> viewsEqualSource(stack));
        assertThat(count(stack, "SELECT count(*) FROM yellow_forensic.batches WHERE status = 'COMMITTED'"))
                .as("the large batch committed after the restart").isGreaterThan(committedBefore);
        assertThat(count(stack, "SELECT count(*) FROM yellow_forensic_analytics_audit_customers_view_history a "
                + "JOIN yellow_forensic_analytics_audit_customers_view_history b ON a.id = b.id "
                + "AND a.ds_surf_batch_in < b.ds_surf_batch_in AND a.ds_surf_batch_out >= b.ds_surf_batch_in"))
                .as("forensic versions of a key that overlap (a batch merged twice would make them)").isZero();
        assertThat(count(stack, "SELECT count(*) - count(DISTINCT (id, ds_surf_batch_in)) "
                + "FROM yellow_forensic_analytics_audit_customers_view_history"))
                .as("forensic versions recorded twice").isZero();
        assertThat(services.get(Service.MERGE).getLogs()).doesNotContain(ContainerStack.PG_PASSWORD);

        // the ingest-service stopped (SIGTERM, as Kubernetes stops a pod) while it reads a batch: the batch is
        // abandoned, not half-sent, and the next instance (the same container started again) sends it whole
        try (Connection crm = stack.connect("crm"); Statement st = crm.createStatement()) {
            st.execute("UPDATE customers SET last_name = last_name || ' Jr' WHERE id LIKE 'c7%'");
        }
        triggerAll(streams);
        waitFor("the ingest-service to be reading a batch", Duration.ofMinutes(2),
                () -> get(Service.INGEST, "/streams", ContainerStack.ADMIN_TOKEN).body()
                        .contains("\"batchOpen\":true"));
        String ingest = services.get(Service.INGEST).getContainerId();
        long start = System.nanoTime();
        docker.stopContainerCmd(ingest).withTimeout(20).exec();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the ingest-service's stop, a batch open")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(docker.inspectContainerCmd(ingest).exec().getState().getExitCodeLong()).isIn(0L, 143L);
        docker.startContainerCmd(ingest).exec(); // its streams run again at their cron minute
        waitFor("the views to equal the source after the ingest-service came back", Duration.ofMinutes(4),
                () -> viewsEqualSource(stack));
        assertThat(count(stack, "SELECT count(*) - count(DISTINCT (id, ds_surf_batch_in)) "
                + "FROM yellow_forensic_analytics_audit_customers_view_history"))
                .as("forensic versions twice").isZero();
    }

    /** The CRM source database of the example, with this many customers, each with a billing address. */
    private static void makeSource(ContainerStack stack, int customers) throws Exception {
        try (Connection pg = stack.connect("postgres"); Statement st = pg.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS crm WITH (FORCE)");
            st.execute("CREATE DATABASE crm");
        }
        try (Connection crm = stack.connect("crm"); Statement st = crm.createStatement()) {
            st.execute(Files.readString(EXAMPLE.resolve("source.sql")));
            st.execute(customersSql(1, customers));
        }
    }

    private static String customersSql(int from, int to) {
        String range = "generate_series(" + from + ", " + to + ") g";
        return "INSERT INTO customers (id, first_name, last_name, email, phone, dob, created_at) "
                + "SELECT 'c' || g, 'First' || g, 'Last' || g, 'c' || g || '@example.com', NULL, "
                + "DATE '1970-01-01' + g % 15000, TIMESTAMP '2026-01-01' + g * INTERVAL '1 second' FROM " + range + ";"
                + "INSERT INTO addresses (id, customer_id, kind, street, city, state, zip) "
                + "SELECT 'a' || g, 'c' || g, 'billing', g || ' Main Street', 'Springfield', 'IL', '62701' FROM "
                + range;
    }

    /** The example model with its databases on this host, as the containers reach the stack's PostgreSQL. */
    private Path exampleModelFor(String host) throws IOException {
        Path copy = tmp.resolve("model");
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(EXAMPLE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        rewrite(copy.resolve("ecosystem.yaml"), "host: localhost", "host: " + host,
                "hosts: [localhost, 127.0.0.1]", "hosts: [" + host + "]");
        rewrite(copy.resolve("zones/retail/teams/crm/customers.yaml"), "host: localhost", "host: " + host);
        return copy;
    }

    private static void rewrite(Path file, String... fromTo) throws IOException {
        String text = Files.readString(file);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).as(file + " holds the text the test rewrites").contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Files.writeString(file, text);
    }

    private void triggerAll(List<String> streams) throws Exception {
        for (String s : streams) {
            int status = post(Service.INGEST, "/streams/" + s + "/trigger", "", ContainerStack.ADMIN_TOKEN)
                    .statusCode();
            assertThat(status).as("trigger " + s).isIn(202, 409);
        }
    }

    private static List<String> streamsOf(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"stream\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static boolean viewsEqualSource(ContainerStack stack) {
        try (Connection crm = stack.connect("crm"); Connection ds = stack.connect("datasurface")) {
            for (String table : List.of("customers", "addresses")) {
                List<List<Object>> source = rows(crm, "SELECT * FROM " + table + " ORDER BY id");
                for (String view : VIEWS) {
                    if (!source.equals(rows(ds, "SELECT * FROM " + view + "_" + table + "_view ORDER BY id"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (SQLException e) {
            return false; // the views are not made yet
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long count(ContainerStack stack, String sql) {
        try (Connection ds = stack.connect("datasurface")) {
            return ((Number) Objects.requireNonNull(rows(ds, sql).get(0).get(0))).longValue();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private HttpResponse<String> get(Service s, String path, String bearer) throws Exception {
        return send(s, HttpRequest.newBuilder(uri(s, path)).GET(), bearer);
    }

    private HttpResponse<String> post(Service s, String path, String body, String bearer) throws Exception {
        return send(s, HttpRequest.newBuilder(uri(s, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private static HttpResponse<String> send(Service s, HttpRequest.Builder b, String bearer) throws Exception {
        return HTTP.send(b.header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(Service s, String path) {
        GenericContainer<?> c = services.get(s);
        return URI.create("http://" + c.getHost() + ":" + c.getMappedPort(s.port) + path);
    }

    private static void waitFor(String what, Duration limit, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(500);
        }
    }

    @FunctionalInterface
    private interface CheckedCondition {
        boolean holds() throws Exception;
    }
}

package io.datasurface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.kafka.GraphFollower;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code datasurface up} exposes while it runs: the command lines of its processes (which anyone on the
 * machine can read with {@code ps}) carry no secret, everything listens on 127.0.0.1 only, the secret files are
 * its user's only — also those that existed before, readable by all — and the admin endpoints want the token.
 */
class UpExposureIT {
    static final Pattern PORT = Pattern.compile("-Dquarkus\\.http\\.port=(\\d+)");
    static final Pattern BROKER = Pattern.compile("-Ddatasurface\\.kafka\\.bootstrap-servers=127\\.0\\.0\\.1:(\\d+)");
    static final String OLD_SECRET = "a-webhook-secret-from-an-older-up-0123";
    /** A setting that names a secret: the datasource password, the webhook secret, the admin token, ... */
    static final Pattern SECRET_SETTING = Pattern.compile("(?i)-D[^=\\s]*(password|secret|token)[^=\\s]*=");

    @TempDir
    Path tmp;

    @Test
    @DisplayName("up: no secret on a command line, every port on 127.0.0.1 only, secret files 0600 in 0700 folders, admin endpoints behind the token (issue 11)")
    void upExposesNothing() throws Exception {
        Path data = tmp.resolve("data");
        // secret files an older up left readable by everyone
        Files.createDirectories(data.resolve("secrets/crm_reader"));
        Files.setPosixFilePermissions(data.resolve("secrets"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("secrets/crm_reader"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(data.resolve("secrets/crm_reader/password"), "postgres");
        Files.setPosixFilePermissions(data.resolve("secrets/crm_reader/password"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(data.resolve("webhook-secret"), OLD_SECRET);
        Files.setPosixFilePermissions(data.resolve("webhook-secret"), PosixFilePermissions.fromString("rw-r--r--"));

        Path log = tmp.resolve("up.log");
        Process up = new ProcessBuilder(command(data)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitOutput(up, log, "Stop with Ctrl-C.", Duration.ofSeconds(240), data);
            String adminToken = Files.readString(data.resolve("admin-token")).strip();
            List<String> secrets = List.of(OLD_SECRET, adminToken);

            // the command lines: no secret, no secret setting; the services on 127.0.0.1
            Map<Long, String> commandLines = commandLines(up);
            List<String> services = commandLines.values().stream().filter(c -> c.contains("quarkus-run.jar")).toList();
            assertThat(services).as("the four services").hasSize(4);
            for (String c : commandLines.values()) {
                assertThat(c).doesNotContain(secrets).doesNotContainPattern(SECRET_SETTING);
            }
            services.forEach(c -> assertThat(c).contains("-Dquarkus.http.host=127.0.0.1"));

            // every port of the run: answered on 127.0.0.1, refused on the machine's other addresses
            List<Integer> ports = new ArrayList<>();
            for (String c : services) {
                ports.add(Integer.parseInt(find(PORT, c)));
            }
            ports.add(Integer.parseInt(find(BROKER, services.get(0))));
            ports.add(Integer.parseInt(Files.readString(data.resolve("postgres.port")).strip()));
            Optional<InetAddress> other = otherAddress();
            for (int port : ports) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:%d", port).isTrue();
                other.ifPresent(a -> assertThat(connects(a, port)).as("%s:%d", a, port).isFalse());
            }

            // the admin endpoints want the token, which up gave the services
            int model = Integer.parseInt(find(PORT, services.stream().filter(c -> c.contains("model-service")).findFirst()
                    .orElseThrow()));
            int ingest = Integer.parseInt(find(PORT, services.stream().filter(c -> c.contains("ingest-service"))
                    .findFirst().orElseThrow()));
            for (String url : List.of("http://127.0.0.1:" + ingest + "/streams",
                    "http://127.0.0.1:" + model + "/catalog/platforms/yellow_live/graph")) {
                assertThat(get(url, null).statusCode()).as(url).isEqualTo(401);
                assertThat(get(url, "Bearer " + adminToken).statusCode()).as(url).isEqualTo(200);
            }
            HttpResponse<String> trigger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + ingest + "/streams/yellow_live/customers/trigger"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trigger.statusCode()).isEqualTo(401);

            // no event on any topic carries a secret
            String broker = "127.0.0.1:" + find(BROKER, services.get(0));
            assertThat(allRecords(broker)).as("records on the topics").isNotEmpty()
                    .allSatisfy(r -> assertThat(r).doesNotContain(secrets));

            assertOwnerOnly(data);
            assertThat(Files.readString(data.resolve("webhook-secret")).strip()).as("kept").isEqualTo(OLD_SECRET);
            assertThat(Files.readString(log)).doesNotContain(secrets);

            assertThat(up.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(up.exitValue()).as(Files.readString(log)).isZero();
            try (Stream<Path> logs = Files.list(data.resolve("logs"))) {
                for (Path l : logs.toList()) {
                    assertThat(Files.readString(l)).as(l.toString()).doesNotContain(secrets);
                }
            }
        } finally {
            if (up.isAlive()) {
                up.descendants().forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
            }
        }
    }

    /** Every record of every topic of the run (keys, values and headers), as text. */
    private static List<String> allRecords(String broker) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(KafkaSettings.of(broker).consumer("up-exposure-it"))) {
            for (String topic : KafkaTopics.NAMES) {
                List<TopicPartition> parts = GraphFollower.partitions(c, topic);
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        StringBuilder text = new StringBuilder(r.topic()).append(' ').append(r.key()).append(' ')
                                .append(r.value());
                        r.headers().forEach(h -> text.append(' ').append(new String(h.value(), StandardCharsets.UTF_8)));
                        out.add(text.toString());
                    }
                }
            }
        }
        return out;
    }

    private static List<String> command(Path data) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatasurface.home=" + UpIT.HOME, "-jar", UpIT.HOME.resolve("cli/target/datasurface.jar").toString(),
                "up", "--data-dir", data.toString(), "--no-simulator", "--run-for", "30");
    }

    /** Waits until up's output has the line, failing with the output and the services' problems if it ends first. */
    private static void awaitOutput(Process up, Path log, String line, Duration atMost, Path data) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!Files.readString(log).contains(line)) {
            if (!up.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("up did not print '" + line + "':\n" + Files.readString(log) + "\n"
                        + ServiceLogs.lastProblems(data.resolve("logs")));
            }
            up.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** The command line of up and of every process it started, as ps shows them to anyone. */
    private static Map<Long, String> commandLines(Process up) {
        Map<Long, String> out = new TreeMap<>();
        Stream.concat(Stream.of(up.toHandle()), up.descendants()).forEach(p -> p.info().arguments()
                .ifPresent(args -> out.put(p.pid(), p.info().command().orElse("?") + " " + String.join(" ", args))));
        assertThat(out).as("up's own command line can be read").containsKey(up.pid());
        return out;
    }

    /** Folders 0700, files 0600: the secrets, the credential store, the services' logs. */
    private static void assertOwnerOnly(Path data) throws IOException {
        for (Path f : List.of(data.resolve("webhook-secret"), data.resolve("admin-token"),
                data.resolve("secrets/crm_reader/user"), data.resolve("secrets/crm_reader/password"),
                data.resolve("secrets/merge_rw/user"), data.resolve("secrets/merge_rw/password"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
        for (Path d : List.of(data.resolve("secrets"), data.resolve("secrets/crm_reader"), data.resolve("secrets/merge_rw"),
                data.resolve("logs"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwx------");
        }
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return m.group(1);
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.datasurface.modelservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.datasurface.model.fault.DatasurfaceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching over HTTP(S) from servers of the test's own on 127.0.0.1: one that asks everybody for credentials
 * (to see who gets the token) and one that answers a byte at a time (to see the deadline hold). The HTTPS server
 * has a certificate made for the test, which the test JVM trusts while a test runs.
 */
class GitFetcherOverHttpTest {
    private static final String TOKEN = "ghp_token-for-the-right-host-only";
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    private static SSLContext tls;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ScheduledExecutorService drip;
    private SSLSocketFactory defaultFactory;

    /** What a request carried: the host it was addressed to, its path and its Authorization header. */
    record Seen(String host, String path, String authorization) {
    }

    @BeforeAll
    static void certificateForLocalhost() throws Exception {
        Path store = keys.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (drip != null) {
            drip.shutdownNow();
        }
        if (defaultFactory != null) {
            HttpsURLConnection.setDefaultSSLSocketFactory(defaultFactory);
        }
    }

    /** An HTTPS server on 127.0.0.1 that the JVM trusts (until the test ends), answering with {@code answer}. */
    private String https(Consumer<HttpExchange> answer) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        defaultFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
        return start(s, answer, "https");
    }

    private String http(Consumer<HttpExchange> answer) throws IOException {
        return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), answer, "http");
    }

    private String start(HttpServer s, Consumer<HttpExchange> answer, String scheme) {
        s.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            answer.accept(exchange);
        });
        s.start();
        server = s;
        return scheme + "://127.0.0.1:" + s.getAddress().getPort();
    }

    /** What GitHub answers a clone of a private repository without credentials. */
    private static void unauthorized(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GitFetcher withTokenFor(String host) {
        return new GitFetcher(new GitFetcher.Settings(TOKEN, host, Duration.ofSeconds(30), Duration.ofMinutes(1)));
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("regression: the git token was sent to any https:// host that answered 401")
    void anotherHostThatAnswers401NeverSeesTheToken(@TempDir Path into) throws Exception {
        String base = https(GitFetcherOverHttpTest::unauthorized);

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> withTokenFor("github.com").fetch(base + "/acme/model.git", "main", into));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain(TOKEN);
        assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    void theHostTheTokenBelongsToGetsIt(@TempDir Path into) throws Exception {
        String base = https(GitFetcherOverHttpTest::unauthorized);
        String host = base.substring("https://".length());

        DatasurfaceException e = catchThrowableOfType(DatasurfaceException.class,
                () -> withTokenFor(host).fetch(base + "/acme/model.git", "main", into));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        assertThat(seen).extracting(Seen::authorization).contains(basic());
    }

    @Test
    void theTokenIsNotSentOverPlainHttpEvenToItsHost(@TempDir Path into) throws Exception {
        String base = http(GitFetcherOverHttpTest::unauthorized);

        catchThrowableOfType(DatasurfaceException.class,
                () -> withTokenFor(base.substring("http://".length())).fetch(base + "/acme/model.git", "main", into));

        assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    void aRedirectToAnotherHostAfterTheTokenWasAcceptedDoesNotTakeTheTokenAlong(@TempDir Path into) throws Exception {
        int[] port = new int[1];
        String base = https(exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host.startsWith("127.0.0.1") && exchange.getRequestHeaders().getFirst("Authorization") != null) {
                try { // the right host, with the token: sent on to another host name
                    exchange.getResponseHeaders().add("Location", "https://localhost:" + port[0]
                            + "/elsewhere/model.git/info/refs?service=git-upload-pack");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                unauthorized(exchange);
            }
        });
        port[0] = server.getAddress().getPort();

        catchThrowableOfType(DatasurfaceException.class,
                () -> withTokenFor("127.0.0.1:" + port[0]).fetch(base + "/acme/model.git", "main", into));

        assertThat(seen).filteredOn(s -> s.host().startsWith("127.0.0.1")).extracting(Seen::authorization)
                .contains(basic());
        assertThat(seen).filteredOn(s -> s.host().startsWith("localhost")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    @DisplayName("regression: a server answering a byte at a time kept a fetch going for ever (only each "
            + "operation had a timeout)")
    void aServerAnsweringAByteAtATimeIsGivenUpAtTheDeadline(@TempDir Path into) throws Exception {
        drip = Executors.newSingleThreadScheduledExecutor();
        String base = http(exchange -> {
            try {
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("1000".getBytes(StandardCharsets.US_ASCII)); // a 4 KiB line, of which a byte comes now and then
                out.flush();
                drip.scheduleAtFixedRate(() -> {
                    try {
                        out.write('#');
                        out.flush();
                    } catch (IOException gone) {
                        throw new java.io.UncheckedIOException(gone); // the client hung up: no more
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        GitFetcher fetcher = new GitFetcher(GitFetcher.Settings.anonymous(Duration.ofSeconds(30), Duration.ofSeconds(1)));

        DatasurfaceException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchThrowableOfType(
                DatasurfaceException.class, () -> fetcher.fetch(base + "/acme/model.git", "main", into)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("took longer than its limit of 1 s")
                .contains("git-fetch-deadline-seconds");
        assertThat(e.retriable()).isTrue();
    }
}

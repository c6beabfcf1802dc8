package io.datasurface.containers;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The containers every test here runs the services against: the local Kafka and PostgreSQL images on one network
 * (aliases {@code kafka} and {@code postgres}), started once per test JVM and removed when it ends. The images are
 * the ones build-images.sh made in this build (it runs before the integration tests).
 */
final class ContainerStack {
    static final String VERSION = System.getProperty("datasurface.version", "0.1.0-SNAPSHOT");
    static final String PG_PASSWORD = "pg-" + Long.toHexString(System.nanoTime());
    static final String WEBHOOK_SECRET = "webhook-secret-for-the-container-tests-0123456789";
    static final String ADMIN_TOKEN = "admin-token-for-the-container-tests-0123456789";
    static final String SECRETS_FILE = "/etc/datasurface/secrets/secrets.properties";

    private static ContainerStack shared;

    final Network network;
    final GenericContainer<?> kafka;
    final GenericContainer<?> postgres;

    private ContainerStack() {
        requireEngine();
        network = Network.newNetwork();
        kafka = new GenericContainer<>(image("kafka:4.2.1")).withNetwork(network).withNetworkAliases("kafka")
                .withEnv("KAFKA_ADVERTISED_HOST", "kafka")
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        postgres = new GenericContainer<>(image("postgres:15")).withNetwork(network).withNetworkAliases("postgres")
                .withEnv("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres-password")
                .withCopyToContainer(Transferable.of(PG_PASSWORD.getBytes(StandardCharsets.UTF_8), 0644),
                        "/run/secrets/postgres-password")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        kafka.start();
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.stop();
            kafka.stop();
            network.close();
        }));
    }

    /** The stack of this test JVM, started by the first test that asks. */
    static synchronized ContainerStack get() {
        if (shared == null) {
            shared = new ContainerStack();
        }
        return shared;
    }

    /** Fails, saying what to do, where no container engine answers (never skips: CI must run these tests). */
    static void requireEngine() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("No container engine answers (DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + "). These tests run the project's images: run "
                    + "deploy/containers/setup-podman.sh as root (installs podman and starts its Docker-compatible API "
                    + "on /run/podman/podman.sock), or point DOCKER_HOST at a Docker engine that has the images "
                    + "(CONTAINER_ENGINE=docker deploy/containers/build-images.sh).");
        }
    }

    static DockerImageName image(String nameAndTag) {
        return DockerImageName.parse("localhost/datasurface/" + nameAndTag);
    }

    /** A connection to a database of the stack's PostgreSQL, from the test (through the published port). */
    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", PG_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://" + postgres.getHost() + ":"
                + postgres.getMappedPort(5432) + "/" + database, p);
    }

    /**
     * A service's container as a deployment would configure it: settings in the environment, secrets in a mounted
     * properties file named by QUARKUS_CONFIG_LOCATIONS (never on a command line), ready when its readiness check
     * answers 200.
     */
    GenericContainer<?> service(Service s, String instance) {
        var c = new GenericContainer<>(image(s.image + ":" + VERSION)).withNetwork(network)
                .withNetworkAliases(s.image)
                .withEnv("DATASURFACE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .withEnv("QUARKUS_CONFIG_LOCATIONS", SECRETS_FILE)
                .withCopyToContainer(Transferable.of(secrets(s), 0644), SECRETS_FILE)
                .withExposedPorts(s.port)
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(s.port).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        if (s != Service.INGEST) {
            c.withEnv("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/datasurface")
                    .withEnv("QUARKUS_DATASOURCE_USERNAME", "postgres");
        }
        switch (s) {
            case MODEL -> c.withEnv("DATASURFACE_MODEL_SERVICE_ALLOW_LOCAL_REPOSITORIES", "true");
            case INGEST -> {
                c.withEnv("DATASURFACE_INGEST_SERVICE_CREDENTIAL_STORE", "file:/etc/datasurface/credentials")
                        .withEnv("DATASURFACE_INGEST_SERVICE_INSTANCE", instance)
                        .withEnv("DATASURFACE_INGEST_SERVICE_CHUNK_ROWS", "10000");
                for (String credential : new String[] {"crm_reader", "merge_rw"}) {
                    c.withCopyToContainer(Transferable.of("postgres", 0644),
                            "/etc/datasurface/credentials/" + credential + "/user");
                    c.withCopyToContainer(Transferable.of(PG_PASSWORD, 0644),
                            "/etc/datasurface/credentials/" + credential + "/password");
                }
            }
            case MERGE -> c.withEnv("DATASURFACE_MERGE_SERVICE_INSTANCE", instance);
            default -> { }
        }
        return c;
    }

    private static byte[] secrets(Service s) {
        StringBuilder b = new StringBuilder("datasurface.admin.token=" + ADMIN_TOKEN + "\n");
        if (s != Service.INGEST) {
            b.append("quarkus.datasource.password=").append(PG_PASSWORD).append('\n');
        }
        if (s == Service.MODEL) {
            b.append("datasurface.model-service.webhook-secret=").append(WEBHOOK_SECRET).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The four services: image name and HTTP port. */
    enum Service {
        MODEL("model-service", 8081), INGEST("ingest-service", 8082), MERGE("merge-service", 8083),
        VIEW("view-service", 8084);

        final String image;
        final int port;

        Service(String image, int port) {
            this.image = image;
            this.port = port;
        }
    }
}

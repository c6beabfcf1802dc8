package io.datasurface.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on 127.0.0.1, with transactions enabled (all replication factors 1).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
 *     kafka.createTopic("orders", 3);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>By default the log lives in a temporary directory that {@link #close()} deletes. With
 * {@link Builder#dataDirectory(Path)} the log is kept: a later broker started on the same
 * directory finds the earlier topics and records.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final Admin admin;
    private final int port;
    private final Map<String, Integer> listenerPorts;
    private final Path dataDirectory;
    private final boolean temporary;
    private final boolean reusedStorage;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Admin admin, int port, Map<String, Integer> listenerPorts,
                          Path dataDirectory, boolean temporary, boolean reusedStorage, Duration startupTime) {
        this.server = server;
        this.admin = admin;
        this.port = port;
        this.listenerPorts = Map.copyOf(listenerPorts);
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.reusedStorage = reusedStorage;
        this.startupTime = startupTime;
    }

    /** @return a builder for a broker on a free port with a temporary log directory */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123} */
    public String bootstrapServers() {
        return KafkaBrokerProperties.HOST + ":" + port;
    }

    /** @return the port of the client (PLAINTEXT) listener */
    public int port() {
        return port;
    }

    /**
     * @param listener the name of a listener added with {@link Builder#listener}
     * @return the {@code bootstrap.servers} value for clients of that listener
     */
    public String bootstrapServers(String listener) {
        Integer p = listenerPorts.get(listener);
        if (p == null) {
            throw new IllegalArgumentException("no listener " + listener + "; the broker has " + listenerPorts.keySet());
        }
        return KafkaBrokerProperties.HOST + ":" + p;
    }

    /** @return an admin client of the PLAINTEXT listener, for what tests set up on the broker (e.g. SCRAM users) */
    public Admin admin() {
        return admin;
    }

    /** @return the directory holding the broker's log and metadata */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** @return true if the data directory already held formatted storage that this broker reused */
    public boolean reusedStorage() {
        return reusedStorage;
    }

    /** @return how long {@link Builder#start()} took until the broker answered */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Creates a topic with replication factor 1, and waits until it exists. Does nothing if a topic
     * of that name already exists (whatever its partition count).
     *
     * @param name       topic name
     * @param partitions number of partitions, at least 1
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EmbeddedStartException("Could not create topic '" + name + "' on " + bootstrapServers()
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new EmbeddedStartException("Creating topic '" + name + "' on " + bootstrapServers()
                    + " took longer than 30 s. Is the broker overloaded or shut down?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStartException("Interrupted while creating topic '" + name + "'", e);
        }
    }

    /**
     * Shuts the broker down cleanly and waits for it; deletes the log directory if it was a
     * temporary one. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            stop(server);
            if (temporary) {
                Directories.deleteQuietly(dataDirectory);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + dataDirectory + "]";
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Configures and starts an {@link EmbeddedKafka}. */
    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, String> listeners = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a client listener on a free port of 127.0.0.1 besides the PLAINTEXT one, e.g. {@code
         * listener("SECURE", "SASL_SSL")}; its own settings go in as broker properties prefixed
         * {@code listener.name.<name in lower case>.} (key stores, SASL mechanisms).
         *
         * @param name             listener name, upper case
         * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
         * @return this builder
         */
        public Builder listener(String name, String securityProtocol) {
            listeners.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(securityProtocol, "protocol"));
            return this;
        }

        /**
         * Keeps the log in this directory, dedicated to the broker, instead of a temporary one.
         * It is created if missing; formatted storage found there is reused, not re-formatted,
         * and is not deleted on close.
         *
         * @param directory the log directory; null for a temporary one
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * @param port port of the client listener on 127.0.0.1; 0 (the default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param timeout how long to wait for the broker to answer (default 60 s)
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets or overrides one broker property (e.g. {@code auto.create.topics.enable=false}).
         *
         * @param key   a Kafka broker configuration name
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Formats storage if needed, starts the broker and waits until it answers. When it picked the ports itself
         * and the start fails, it tries once more on new ports: a port picked free can be taken (or made
         * unreachable) before the broker listens on it, and then the broker cannot register with its own
         * controller (seen once in a few hundred starts on these machines).
         *
         * @return the running broker
         * @throws EmbeddedStartException if the broker cannot start
         */
        public EmbeddedKafka start() {
            try {
                return startOnce();
            } catch (EmbeddedStartException e) {
                if (port != 0) {
                    throw e;
                }
                System.err.println("The embedded Kafka broker did not start (" + e.getMessage()
                        + "); trying once more on other ports");
                return startOnce();
            }
        }

        private EmbeddedKafka startOnce() {
            long began = System.nanoTime();
            FreePorts.requireFree(port, "The embedded Kafka broker");
            boolean temporary = dataDirectory == null;
            Path dir = temporary ? Directories.createTemp("embedded-kafka-")
                    : Directories.createIfMissing(dataDirectory.toAbsolutePath());
            int brokerPort = port == 0 ? FreePorts.pick() : port;
            Map<String, Integer> listenerPorts = new LinkedHashMap<>();
            listeners.keySet().forEach(name -> listenerPorts.put(name, FreePorts.pick()));
            KafkaRaftServer server = null;
            try {
                Map<String, String> overrides = new LinkedHashMap<>(brokerProperties);
                int controllerPort = FreePorts.pick();
                if (!listeners.isEmpty()) {
                    overrides.putAll(KafkaBrokerProperties.withListeners(brokerPort, controllerPort, listeners,
                            listenerPorts));
                }
                Properties props = KafkaBrokerProperties.of(dir, brokerPort, controllerPort, overrides);
                KafkaConfig config = new KafkaConfig(props, false);
                boolean reused = !KafkaStorage.formatIfNeeded(dir);
                server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                Admin admin = KafkaReadiness.await(adminFor(brokerPort), brokerPort, startupTimeout);
                Duration took = Duration.ofNanos(System.nanoTime() - began);
                return new EmbeddedKafka(server, admin, brokerPort, listenerPorts, dir, temporary, reused, took);
            } catch (RuntimeException e) {
                if (server != null) {
                    stopQuietly(server);
                }
                if (temporary) {
                    Directories.deleteQuietly(dir);
                }
                throw e instanceof EmbeddedStartException ? e : failure(dir, brokerPort, e);
            }
        }

        private static Admin adminFor(int brokerPort) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerProperties.HOST + ":" + brokerPort);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
            return Admin.create(p);
        }

        private static void stopQuietly(KafkaRaftServer server) {
            try {
                stop(server);
            } catch (RuntimeException ignored) {
                // already failing; report the original problem
            }
        }

        private static EmbeddedStartException failure(Path dir, int brokerPort, RuntimeException e) {
            return new EmbeddedStartException("Could not start the embedded Kafka broker on 127.0.0.1:" + brokerPort
                    + " with data directory " + dir + ": " + EmbeddedStartException.rootMessage(e)
                    + ". Check that the port is free and that no other broker uses the directory"
                    + " (a running broker holds its .lock file).", e);
        }
    }
}

package io.datasurface.cli.up;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresVersion;
import io.datasurface.kafka.KafkaSettings;
import io.datasurface.kafka.KafkaTopics;
import io.datasurface.kafka.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The infrastructure of {@code datasurface up}, in this JVM: a Kafka broker and a PostgreSQL 17 server,
 * durable, their data kept under the data directory, and the topics the services use.
 */
public final class LocalStack implements AutoCloseable {
    /** Largest record (a chunk of rows, or a big model's graph change). */
    static final int MAX_MESSAGE_BYTES = KafkaSettings.MAX_RECORD_BYTES;
    public static final String MERGE_DB = "datasurface";

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer pg;

    private LocalStack(EmbeddedKafka kafka, EmbeddedPostgresServer pg) {
        this.kafka = kafka;
        this.pg = pg;
    }

    public static LocalStack start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        // the model copy names the server's port: the same port every run, kept beside its data
        Path portFile = dataDir.resolve("postgres.port");
        EmbeddedPostgresServer.Builder builder = EmbeddedPostgresServer.builder().version(PostgresVersion.V17)
                .durable(true).dataDirectory(dataDir.resolve("postgres"));
        Integer port = null;
        try {
            if (Files.isRegularFile(portFile)) {
                port = Integer.parseInt(Files.readString(portFile).strip());
                builder.port(port);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + portFile + ": " + e.getMessage(), e);
        }
        EmbeddedPostgresServer pg;
        try {
            pg = builder.start();
        } catch (RuntimeException e) {
            throw port == null ? e : new IllegalStateException("PostgreSQL could not start on port " + port
                    + ", which this data directory's model uses; is another 'datasurface up' running on it? ("
                    + e.getMessage() + ")", e);
        }
        try {
            Files.writeString(portFile, Integer.toString(pg.port()));
        } catch (IOException e) {
            pg.close();
            throw new UncheckedIOException("cannot write " + portFile + ": " + e.getMessage(), e);
        }
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.builder().dataDirectory(dataDir.resolve("kafka"))
                    .brokerProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                    .brokerProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                    .start();
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        LocalStack stack = new LocalStack(kafka, pg);
        // the topics as the services make them (retention, compaction, record size), before any service starts
        TopicAdmin.ensure(KafkaSettings.of(kafka.bootstrapServers()), KafkaTopics.NAMES, "datasurface-up");
        pg.createDatabase(MERGE_DB);
        return stack;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedPostgresServer postgres() {
        return pg;
    }

    /** Creates a database and runs a script in it, once (when the database is new). */
    public boolean createDatabase(String name, String script) throws SQLException {
        boolean existed;
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
            existed = rs.next();
        }
        if (existed) {
            return false;
        }
        pg.createDatabase(name);
        try (Connection c = pg.connect(name); Statement s = c.createStatement()) {
            s.execute(script);
        }
        return true;
    }

    /** {@code postgresql://user:password@127.0.0.1:PORT/db}. */
    public String url(String database) {
        return "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            pg.close();
        }
    }
}

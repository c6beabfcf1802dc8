package io.datasurface.bench;

import io.datasurface.embedded.EmbeddedKafka;
import io.datasurface.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * The pipeline a team would assemble instead of ours: Kafka Connect standalone in this JVM (what
 * {@code connect-standalone.sh} starts: a StandaloneHerder over one Worker, a file offset store, its REST server on
 * a free loopback port) with Debezium's PostgreSQL source connector and Debezium's JDBC sink connector in upsert
 * mode. Records travel as JSON with their schemas (the JDBC sink needs the schemas; no schema registry here).
 */
final class ConnectPeer implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;
    private final Path dir;

    private ConnectPeer(Connect<StandaloneHerder> connect, Path dir) {
        this.connect = connect;
        this.dir = dir;
    }

    /** Starts the worker on {@code kafka}, its source offsets in a file under {@code dir} (removed at the end). */
    static ConnectPeer start(EmbeddedKafka kafka, Path dir) {
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("bootstrap.servers", kafka.bootstrapServers());
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "true");
        worker.put("value.converter.schemas.enable", "true");
        worker.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        worker.put("offset.flush.interval.ms", "10000");
        worker.put("listeners", "http://127.0.0.1:0");
        worker.put("plugin.discovery", "service_load"); // the connectors are on the class path, with their manifests
        worker.put("connector.client.config.override.policy", "All");
        // the same compression as our producers (JSON with a schema in every record compresses well)
        worker.put("producer.compression.type", BenchKafka.COMPRESSION);
        worker.put("task.shutdown.graceful.timeout.ms", "2000");
        return new ConnectPeer(new ConnectStandalone().startConnect(worker), dir);
    }

    /** The topic Debezium writes the changes of {@code table} (in schema public) to, under topic prefix {@code prefix}. */
    static String topic(String prefix, String table) {
        return prefix + ".public." + table;
    }

    /**
     * Debezium's PostgreSQL source connector on {@code tables} of {@code database}: pgoutput, an initial snapshot,
     * then streaming; changes handed over every 20 ms as our CDC reader's are (Debezium's default is 500 ms).
     * {@code prefix} names its topics, replication slot and publication. With {@code millis}, timestamps travel as
     * Kafka Connect's own (milliseconds) instead of Debezium's microseconds: the sink's UNNEST inserts need that.
     */
    static Map<String, String> source(EmbeddedPostgresServer pg, String database, String prefix, List<String> tables,
                                      boolean millis) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        c.put("tasks.max", "1");
        c.put("database.hostname", pg.host());
        c.put("database.port", Integer.toString(pg.port()));
        c.put("database.user", pg.user());
        c.put("database.password", pg.password());
        c.put("database.dbname", database);
        c.put("topic.prefix", prefix);
        c.put("plugin.name", "pgoutput");
        c.put("slot.name", prefix);
        c.put("publication.name", prefix);
        c.put("publication.autocreate.mode", "filtered");
        c.put("table.include.list", String.join(",", tables.stream().map(t -> "public." + t).toList()));
        c.put("snapshot.mode", "initial");
        c.put("poll.interval.ms", "20");
        if (millis) {
            c.put("time.precision.mode", "connect");
        }
        return c;
    }

    /**
     * Debezium's JDBC sink connector into {@code database}: upserts keyed by the record key, tables made and
     * evolved by the connector and named after the source table, deletes applied. It reads Debezium's change
     * events as they are (no ExtractNewRecordState). With {@code batch} above the default 500, the consumer
     * fetches as many records a poll; {@code unnest} turns on its PostgreSQL UNNEST inserts (one statement a batch; with
     * Debezium's microsecond timestamps they fail: "date/time field value out of range") and its reduction buffer.
     */
    static Map<String, String> sink(EmbeddedPostgresServer pg, String database, List<String> topics, int batch,
                                    boolean unnest) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", String.join(",", topics));
        c.put("connection.url", pg.jdbcUrl(database));
        c.put("connection.username", pg.user());
        c.put("connection.password", pg.password());
        // Hibernate's own pool: the connector's default (Agroal) is not served in a version for hibernate-core 7 here
        c.put("connection.provider", "org.hibernate.engine.jdbc.connections.internal.DriverManagerConnectionProviderImpl");
        c.put("insert.mode", "upsert");
        c.put("primary.key.mode", "record_key");
        c.put("delete.enabled", "true");
        c.put("schema.evolution", "basic");
        c.put("collection.name.format", "${source.table}");
        c.put("batch.size", Integer.toString(batch));
        c.put("consumer.override.max.poll.records", Integer.toString(Math.max(500, batch)));
        if (unnest) {
            c.put("dialect.postgres.unnest.insert.enabled", "true");
            // one statement a batch cannot upsert a key twice ("ON CONFLICT DO UPDATE command cannot affect row a
            // second time"): the reduction buffer keeps each key's last change of a batch
            c.put("use.reduction.buffer", "true");
        }
        return c;
    }

    /** Creates (or replaces) connector {@code name}; it starts at once. */
    void put(String name, Map<String, String> config) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put("name", name);
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, c, true, done);
        done.get(60, TimeUnit.SECONDS);
    }

    /** Stops and removes connector {@code name}. */
    void delete(String name) throws Exception {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, done);
        done.get(60, TimeUnit.SECONDS);
    }

    /** Throws with the stack trace Connect recorded when connector {@code name} or one of its tasks has failed. */
    void checkRunning(String name) {
        ConnectorStateInfo status = connect.herder().connectorStatus(name);
        if ("FAILED".equals(status.connector().state())) {
            throw new IllegalStateException(name + " failed: " + status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState t : status.tasks()) {
            if ("FAILED".equals(t.state())) {
                throw new IllegalStateException(name + " task " + t.id() + " failed: " + t.trace());
            }
        }
    }

    @Override
    public void close() throws IOException {
        connect.stop();
        connect.awaitStop();
        Files.deleteIfExists(dir.resolve("connect.offsets"));
        Files.deleteIfExists(dir);
    }
}

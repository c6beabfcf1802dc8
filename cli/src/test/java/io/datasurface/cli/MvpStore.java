package io.datasurface.cli;

import io.datasurface.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The mvp example wired to an embedded PostgreSQL: a source database created from source.sql, a merge
 * database, both new for this fixture, a copy of the model pointing at them, and a file credential
 * store holding the server's user for {@code crm_reader} and {@code merge_rw}.
 */
final class MvpStore {
    static final Path MVP = Path.of("../docs/examples/mvp");

    final EmbeddedPostgresServer pg;
    final String sourceDb;
    final String mergeDb;
    final Path model;
    final Path secrets;

    MvpStore(EmbeddedPostgresServer pg, Path dir) throws IOException, SQLException {
        this.pg = pg;
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.sourceDb = "crm_" + id;
        this.mergeDb = "merge_" + id;
        pg.createDatabase(sourceDb);
        pg.createDatabase(mergeDb);
        sql(sourceDb, Files.readString(MVP.resolve("source.sql")));
        this.model = copy(MVP, dir.resolve("model"));
        String eco = Files.readString(model.resolve("ecosystem.yaml"))
                .replace("host: localhost", "host: 127.0.0.1")
                .replace("port: 5432", "port: " + pg.port())
                .replace("database: datasurface", "database: " + mergeDb);
        Files.writeString(model.resolve("ecosystem.yaml"), eco);
        Path store = model.resolve("zones/retail/teams/crm/customers.yaml");
        Files.writeString(store, Files.readString(store)
                .replace("host: localhost", "host: 127.0.0.1")
                .replace("port: 5432", "port: " + pg.port())
                .replace("database: crm", "database: " + sourceDb));
        this.secrets = dir.resolve("secrets");
        for (String name : List.of("crm_reader", "merge_rw")) {
            Files.createDirectories(secrets.resolve(name));
            Files.writeString(secrets.resolve(name).resolve("user"), pg.user());
            Files.writeString(secrets.resolve(name).resolve("password"), pg.password());
        }
    }

    /** run-job arguments for a platform's customers stream, plus extra ones. */
    String[] runJob(String platform, String... extra) {
        List<String> args = new ArrayList<>(List.of("run-job", "--model", model.toString(), "--platform", platform,
                "--stream", "customers", "--credential-store", "file:" + secrets));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** reconcile-views arguments for a platform, plus extra ones. */
    String[] reconcile(String platform, String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile-views", "--model", model.toString(), "--platform",
                platform, "--credential-store", "file:" + secrets));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Replaces text in a file of the model copy; fails when the text is not there. */
    void edit(String file, String from, String to) throws IOException {
        Path p = model.resolve(file);
        String text = Files.readString(p);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain: " + from);
        }
        Files.writeString(p, text.replace(from, to));
    }

    void sql(String database, String sql) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    void source(String sql) throws SQLException {
        sql(sourceDb, sql);
    }

    List<List<Object>> query(String database, String sql) throws SQLException {
        return Rows.query(pg, database, sql);
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}

package io.datasurface.executions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.embedded.EmbeddedPostgresServer;
import io.datasurface.embedded.PostgresExtension;
import io.datasurface.executions.ExecutionStore;
import io.datasurface.model.credential.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several processes using a database for the first time at once: all succeed, the schema is created once. */
@ExtendWith(PostgresExtension.class)
class ConcurrentFirstUseIT {
    EmbeddedPostgresServer pg;

    private String freshDatabase() {
        String name = "executions_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(name);
        return pg.jdbcUrl(name);
    }

    @Test
    @DisplayName("concurrent first use by several connections fails none and runs the migration once")
    void threads() throws Exception {
        String url = freshDatabase();
        int n = 6;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        Logger migrations = Logger.getLogger("io.datasurface.migrations.SchemaMigrations");
        List<String> migrationRuns = new CopyOnWriteArrayList<>();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                migrationRuns.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        migrations.addHandler(counter);
        migrations.setLevel(Level.INFO);
        try {
            List<Future<UUID>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return ExecutionStore.open(DatabaseUrl.parse(url)).initExecution();
                }));
            }
            for (Future<UUID> id : ids) {
                assertThat(id.get(60, TimeUnit.SECONDS)).isNotNull();
            }
            assertThat(migrationRuns).as("the others waited for the first and found the schema current").hasSize(1);
        } finally {
            pool.shutdownNow();
            migrations.removeHandler(counter);
            migrations.setLevel(null);
        }
    }

    @Test
    @DisplayName("concurrent first use by several processes of the command fails none; standard output is only the id")
    void processes() throws Exception {
        String url = freshDatabase();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ExecutionsCommand.class.getName(), url, "init-execution").start());
        }
        for (Process p : processes) {
            String out = read(p.getInputStream().readAllBytes());
            String err = read(p.getErrorStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err).isZero();
            assertThat(err).isEmpty();
            assertThat(out).matches("[0-9a-f-]{36}\\R");
        }
    }

    private static String read(byte[] bytes) throws IOException {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
